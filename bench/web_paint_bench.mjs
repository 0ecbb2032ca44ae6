#!/usr/bin/env node
// The web interface's first paint on a large database: a zhengban server on a 1M-case database
// (built with engine_bench --keep, as bench/api_bench.sh does), Debian's Chromium through
// playwright-core, and per user: a cold load of the workbench (fresh browser profile, empty cache)
// and warm reloads. Measured with the browser's Performance API:
//   - first-contentful-paint (the shell),
//   - to-do list rendered: the first animation frame in which the workbench's to-do table has its
//     rows and no loading mask (the first meaningful paint),
// and the size of the JavaScript and CSS the first screen loaded, gzipped (bar < 1 MB of JS), and
// how long each API call of the first screen took on the server.
//
//   node bench/web_paint_bench.mjs [--build BUILD_DIR] [--dist DIR] [--cases N] [--db FILE]
//                                  [--runs N] [--users liaison,clerk]
//
// --db reuses a database engine_bench built (its users liaison, clerk and mayor get the bench
// password); otherwise one with --cases cases (default 1,000,000) is built in a temporary folder
// and removed afterwards. engine_bench's cases are 市住建局's (liaison's unit), all open, all
// registered by clerk: the liaison's workbench is its unit's to-dos, the clerk's the cases they
// registered.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { chromium } = createRequire(join(root, 'web/package.json'))('playwright-core')

function arg(name, fallback) {
  const i = process.argv.indexOf(name)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}
const build = resolve(arg('--build', join(root, 'build')))
const dist = resolve(arg('--dist', join(root, 'web/dist')))
const cases = Number(arg('--cases', '1000000'))
const runs = Number(arg('--runs', '5'))
const users = arg('--users', 'liaison,clerk').split(',')
const zb = join(build, 'src/app/zhengban')
const PASSWORD = 'bench-password-2026'

const work = mkdtempSync(join(tmpdir(), 'zb-paint-bench-'))
let server = null

function zhengban(db, args, input) {
  return execFileSync(zb, ['--db', db, '--config', join(root, 'config'), '--data', join(root, 'data'), ...args], {
    cwd: root,
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  }).toString()
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer()
    s.once('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port
      s.close(() => res(p))
    })
  })
}

async function startServer(db, port) {
  server = spawn(zb, ['--db', db, '--config', join(root, 'config'), '--data', join(root, 'data'), 'serve', '--listen', `127.0.0.1:${port}`, '--static-root', dist], {
    cwd: root,
    stdio: 'ignore',
  })
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the server did not start')
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (x) => `${Math.round(x)} ms`

// Marks the first frame in which the to-do table shows its rows and no loading mask.
const probe = `(() => {
  const check = () => {
    const list = document.querySelector('[data-test="todo-list"]')
    const total = document.querySelector('[data-test="todo-total"]')
    if (list && total && !list.querySelector('.el-loading-mask') &&
        (list.querySelector('.el-table__body tr') || total.textContent.trim() === '0')) {
      window.__todoRendered = performance.now()
      window.__todoRows = list.querySelectorAll('.el-table__body tr').length
      return
    }
    requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
})()`

async function loadOnce(context, base, assets) {
  const page = await context.newPage()
  const api = []
  page.on('requestfinished', async (req) => {
    const url = new URL(req.url())
    const timing = req.timing()
    if (url.pathname.startsWith('/api/')) api.push({ path: url.pathname + url.search, ms: timing.responseEnd - timing.requestStart })
    if (assets && /\.(js|css)$/.test(url.pathname)) {
      const body = await (await req.response())?.body().catch(() => null)
      if (body) assets.set(url.pathname, body)
    }
  })
  await page.addInitScript(probe)
  await page.goto(base + '/', { waitUntil: 'load' })
  await page.waitForFunction(() => window.__todoRendered !== undefined, null, { timeout: 120000, polling: 50 })
  const m = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    todo: window.__todoRendered,
    rows: window.__todoRows,
    total: Number(document.querySelector('[data-test="todo-total"]')?.textContent ?? 0),
  }))
  await page.waitForTimeout(200) // let requestfinished handlers store the bodies
  await page.close()
  return { ...m, api }
}

async function main() {
  if (!existsSync(zb)) throw new Error(`no server at ${zb} (pass --build BUILD_DIR)`)
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no web interface in ${dist} (pass --dist DIR)`)
  let db = arg('--db', '')
  if (!db) {
    console.log(`== building a ${cases}-case database (engine_bench --keep)`)
    const out = execFileSync(join(build, 'bench/engine_bench'), ['--cases', String(cases), '--dir', work, '--source', root, '--keep']).toString()
    console.log(out.split('\n').filter((l) => /engine bulk|kept/.test(l)).join('\n'))
    db = join(work, 'engine.db')
  }
  db = resolve(db)
  for (const u of ['liaison', 'clerk', 'mayor']) zhengban(db, ['user', 'passwd', u], PASSWORD + '\n')
  const port = await freePort()
  await startServer(db, port)
  const base = `http://127.0.0.1:${port}`
  console.log(`== server on ${base}, database ${db} (${(statSync(db).size / 1e6).toFixed(0)} MB)`)

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  })
  const results = []
  let assets = null
  for (const user of users) {
    const cold = []
    const warm = []
    const apiTimes = new Map()
    for (let r = 0; r < runs; r++) {
      // A fresh context: no cache, no cookies. Sign in through the API, then open the workbench.
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
      const signed = await context.request.post(base + '/api/session', { data: { username: user, password: PASSWORD } })
      if (!signed.ok()) throw new Error(`sign-in of ${user}: ${signed.status()} ${await signed.text()}`)
      const first = !assets
      if (first) assets = new Map()
      const c = await loadOnce(context, base, first ? assets : null)
      cold.push(c)
      const w = await loadOnce(context, base, null) // the same profile: assets cached
      warm.push(w)
      for (const a of [...c.api, ...w.api]) {
        const key = a.path.replace(/cursor=[^&]*/, 'cursor=…')
        apiTimes.set(key, [...(apiTimes.get(key) ?? []), a.ms])
      }
      await context.close()
    }
    const row = {
      user,
      todos: cold[0].total,
      rows: cold[0].rows,
      coldFcp: median(cold.map((x) => x.fcp)),
      coldTodo: median(cold.map((x) => x.todo)),
      warmFcp: median(warm.map((x) => x.fcp)),
      warmTodo: median(warm.map((x) => x.todo)),
      worstTodo: Math.max(...cold.map((x) => x.todo), ...warm.map((x) => x.todo)),
    }
    results.push(row)
    console.log(`\n== ${user}: ${row.rows} to-do rows at the first meaningful paint, ${row.todos} once all pages are in; median of ${runs} runs`)
    console.log(`cold: first-contentful-paint ${ms(row.coldFcp)}, to-do list rendered ${ms(row.coldTodo)}`)
    console.log(`warm: first-contentful-paint ${ms(row.warmFcp)}, to-do list rendered ${ms(row.warmTodo)}`)
    console.log(`slowest to-do list rendered: ${ms(row.worstTodo)}  (bar: < 1000 ms)`)
    console.log('API calls (median request → response end):')
    for (const [path, xs] of apiTimes) console.log(`  ${ms(median(xs)).padStart(8)}  ${path}`)
  }
  await browser.close()

  let js = 0
  let jsGz = 0
  let css = 0
  let cssGz = 0
  for (const [path, body] of assets) {
    const gz = gzipSync(body, { level: 9 }).length
    if (path.endsWith('.js')) {
      js += body.length
      jsGz += gz
    } else {
      css += body.length
      cssGz += gz
    }
  }
  console.log(`\n== first screen assets: ${assets.size} files`)
  console.log(`JS ${(js / 1024).toFixed(0)} kB, gzipped ${(jsGz / 1024).toFixed(0)} kB  (bar: < 1024 kB gzipped)`)
  console.log(`CSS ${(css / 1024).toFixed(0)} kB, gzipped ${(cssGz / 1024).toFixed(0)} kB`)
  const ok = results.every((r) => r.worstTodo < 1000) && jsGz < 1024 * 1024
  console.log(ok ? 'all bars met' : 'BAR MISSED')
}

main()
  .catch((e) => {
    console.error(e)
    process.exitCode = 1
  })
  .finally(() => {
    if (server && server.exitCode === null) server.kill('SIGTERM')
    rmSync(work, { recursive: true, force: true })
  })
