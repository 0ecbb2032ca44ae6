#!/usr/bin/env node
// End-to-end tests of the web interface: a real zhengban server with a fresh demo office in a
// temporary folder, driven through Debian's Chromium with playwright-core.
//
//   npm run e2e -- --server BUILD_DIR/src/app/zhengban [--out DIR] [--dist DIR] [--keep]
//
// --demo-db FILE starts from a copy of an existing demo database instead of creating one.
// Screenshots of every main screen go to DIR/screenshots (default: <repo>/test-output).
// Exits non-zero if any check fails.
import { spawn, execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const repo = resolve(webDir, '..')

function arg(name, fallback) {
  const i = process.argv.indexOf(name)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}
const serverBin = resolve(arg('--server', join(repo, 'build/src/app/zhengban')))
const outDir = resolve(arg('--out', join(repo, 'test-output')))
const shots = join(outDir, 'screenshots')
const keep = process.argv.includes('--keep')
const demoDb = arg('--demo-db', '')
// --dist DIR: the built web interface to serve (default: web/dist).
const distDir = resolve(arg('--dist', join(webDir, 'dist')))
// --config DIR: the server's configuration folder (default: the repository's config/).
const configArgs = arg('--config', '') ? ['--config', resolve(arg('--config', ''))] : []
const PASSWORD = 'zhengban2026'

if (!existsSync(serverBin)) {
  console.error(`e2e: no server binary at ${serverBin} (pass --server BUILD_DIR/src/app/zhengban)`)
  process.exit(2)
}
if (!existsSync(join(distDir, 'index.html'))) {
  console.error(`e2e: ${distDir} is missing; run \`npm run build\` in web/ first`)
  process.exit(2)
}
mkdirSync(shots, { recursive: true })

// ---------------------------------------------------------------- the server
const work = mkdtempSync(join(tmpdir(), 'zb-e2e-'))
const db = join(work, 'z.db')
let server = null
let port = 0

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

async function startServer() {
  const log = join(work, 'server.log')
  server = spawn(serverBin, ['--db', db, ...configArgs, 'serve', '--listen', `127.0.0.1:${port}`, '--static-root', distDir], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const chunks = []
  server.stdout.on('data', (d) => chunks.push(d))
  server.stderr.on('data', (d) => chunks.push(d))
  server.on('exit', () => writeFileSync(log, Buffer.concat(chunks)))
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`)
      if (r.ok) return
    } catch {
      // not yet listening
    }
    if (server.exitCode !== null) break
    await sleep(100)
  }
  throw new Error('the server did not start:\n' + Buffer.concat(chunks).toString())
}

function stopServer() {
  return new Promise((res) => {
    if (!server || server.exitCode !== null) return res()
    server.once('exit', () => res())
    server.kill('SIGTERM')
    setTimeout(() => server.exitCode === null && server.kill('SIGKILL'), 5000)
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// ---------------------------------------------------------------- checks
let passed = 0
const failures = []
async function step(name, fn) {
  const t0 = Date.now()
  try {
    await fn()
    passed++
    console.log(`  ok   ${name} (${Date.now() - t0} ms)`)
  } catch (e) {
    failures.push(name)
    console.log(`  FAIL ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n') : e}`)
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg)
}

// ---------------------------------------------------------------- browser helpers
let browser
const base = () => `http://127.0.0.1:${port}`

async function newPage(width = 1366, height = 768) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', acceptDownloads: true })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.log(`    [page error] ${e.message}`))
  return page
}

async function signIn(page, username) {
  await page.goto(base() + '/login')
  await page.fill('input[data-test="username"]', username)
  await page.fill('input[data-test="password"]', PASSWORD)
  await page.press('input[data-test="password"]', 'Enter')
  await page.waitForSelector('[data-test="current-user"]', { timeout: 15000 })
  await page.waitForSelector('[data-test="todo-total"]')
}

/** Calls the API from inside the page (its cookie and CSRF token). */
async function callApi(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const s = await (await fetch('/api/session')).json()
      const r = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: r.status, json: await r.json().catch(() => null) }
    },
    { method, path, body },
  )
}

async function shot(page, name) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(shots, name + '.png'), fullPage: false })
}

async function todoRows(page) {
  await page.waitForSelector('[data-test="todo-list"] .el-table__body', { state: 'attached', timeout: 10000 })
  await page.waitForFunction(() => !document.querySelector('[data-test="todo-list"] .el-loading-mask'))
  return page.$$eval('[data-test="todo-list"] .el-table__body tr', (trs) =>
    trs.map((tr) => ({
      light: tr.querySelector('.zb-light')?.getAttribute('data-light') ?? '',
      id: Number(tr.querySelector('.zb-title-cell')?.getAttribute('data-case-id') ?? 0),
      text: tr.textContent ?? '',
    })),
  )
}

async function pickOption(page, formItemLabel, text, scope = 'body') {
  const item = page.locator(`${scope} .el-form-item`).filter({ has: page.locator('.el-form-item__label', { hasText: formItemLabel }) }).first()
  await item.locator('.el-select__wrapper').click()
  const input = item.locator('input').first()
  if ((await input.getAttribute('readonly')) === null) await input.fill(text)
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

async function openAction(page, action) {
  const btn = page.locator(`[data-test="actions"] button[data-action="${action}"]`)
  await btn.waitFor({ timeout: 10000 })
  await btn.click()
  await page.waitForSelector('[data-test="action-form"]')
}

async function submitAction(page, { double = false } = {}) {
  const submit = page.locator('[data-test="action-submit"]')
  if (double) await submit.dblclick()
  else await submit.click()
  await page.waitForSelector('[data-test="action-form"]', { state: 'detached', timeout: 15000 })
}

async function caseState(page) {
  return (await page.locator('[data-test="case-state"]').textContent())?.trim()
}
async function caseLight(page) {
  return page.locator('[data-test="case-light"] .zb-light').getAttribute('data-light')
}

// ---------------------------------------------------------------- the run
async function main() {
  const t0 = Date.now()
  if (demoDb) copyFileSync(resolve(demoDb), db)
  else execFileSync(serverBin, ['--db', db, ...configArgs, 'demo'], { cwd: repo, stdio: 'ignore' })
  port = await freePort()
  await startServer()
  console.log(`e2e: server on 127.0.0.1:${port}, database ${db}`)
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  })

  const rank = { red: 0, yellow: 1, green: 2, none: 3 }
  const title = `e2e 城区停车难专项整治 ${Date.now() % 100000}`
  let flowId = 0
  let lightId = 0
  let lightDue = 0

  // Sign-in errors, in a page of its own.
  await step('sign-in: wrong password (401) and throttling (429) are explained', async () => {
    const page = await newPage()
    await page.goto(base() + '/login')
    await shot(page, '01-login')
    for (let i = 0; i < 5; i++) {
      await page.fill('input[data-test="username"]', 'clerk_wu')
      await page.fill('input[data-test="password"]', 'wrong-password')
      await page.click('[data-test="login-submit"]')
      await page.waitForSelector('[data-test="login-error"][data-kind="wrong"]')
    }
    const wrong = await page.textContent('[data-test="login-error"]')
    assert(wrong.includes('用户名或密码错误'), 'wrong password message: ' + wrong)
    await page.fill('input[data-test="username"]', 'clerk_wu')
    await page.fill('input[data-test="password"]', PASSWORD)
    await page.click('[data-test="login-submit"]')
    await page.waitForSelector('[data-test="login-error"][data-kind="throttled"]')
    const throttled = await page.textContent('[data-test="login-error"]')
    assert(throttled.includes('次数过多'), 'throttle message: ' + throttled)
    await page.context().close()
  })

  const office = await newPage()
  const unitPage = await newPage()

  await step('office staff (clerk_sun) signs in; the workbench lists to-dos by light, then due', async () => {
    await signIn(office, 'clerk_sun')
    const rows = await todoRows(office)
    assert(rows.length > 0, 'clerk_sun has no to-dos')
    for (let i = 1; i < rows.length; i++) {
      assert(rank[rows[i - 1].light] <= rank[rows[i].light], `row ${i} out of light order`)
    }
    const counts = {}
    for (const l of ['red', 'yellow', 'green']) {
      counts[l] = Number((await office.textContent(`[data-test="count-${l}"] .zb-counter-n`)).trim())
      assert(counts[l] === rows.filter((r) => r.light === l).length, `${l} count differs from the list`)
    }
    assert(counts.red > 0, 'the demo office should have red cases')
  })

  await step('a unit liaison (housing) sees only its unit’s cases', async () => {
    await signIn(unitPage, 'housing')
    const me = await callApi(unitPage, 'GET', '/api/session')
    const unitName = me.json.user.unit_name
    const rows = await todoRows(unitPage)
    assert(rows.length > 0, 'housing has no to-dos')
    const units = new Set(me.json.user.unit_ids)
    const listed = (await callApi(unitPage, 'GET', '/api/cases?open=1&scope=unit&limit=200')).json.cases
    const byId = new Map(listed.map((c) => [c.id, c]))
    for (const r of rows) {
      const c = byId.get(r.id)
      assert(c, `case ${r.id} is not among ${unitName}'s open cases`)
      assert(units.has(c.lead_unit_id) || c.co_unit_ids.some((u) => units.has(u)), `case ${r.id} does not involve ${unitName}`)
    }
    assert(rows.length === listed.length, `${rows.length} rows for ${listed.length} open cases`)
    await shot(unitPage, '03-workbench-unit')
  })

  await step('a city leader (mayor) and the office leader (secgen) sign in to their workbench', async () => {
    for (const u of ['mayor', 'secgen']) {
      const p = await newPage()
      await signIn(p, u)
      const rows = await todoRows(p)
      assert(rows.length >= 0, 'no list')
      const who = await p.textContent('[data-test="current-user"]')
      assert(who.length > 0, 'no user shown')
      if (u === 'secgen') await shot(p, '02-workbench')
      await p.context().close()
    }
  })

  await step('a case with a short time limit is green or yellow before its limit', async () => {
    const created = await callApi(office, 'POST', '/api/cases', {
      kind: 'assignment',
      title: 'e2e 时限将到的事项',
      fields: { leader_id: (await callApi(office, 'GET', '/api/users')).json.users.find((u) => u.username === 'mayor').id, content: '马上办' },
    })
    assert(created.status === 201, 'create: ' + JSON.stringify(created.json))
    lightId = created.json.id
    const units = (await callApi(office, 'GET', '/api/units')).json.units
    const housingUnit = units.find((u) => u.name.includes('住'))
    lightDue = Date.now() + 40000
    const assigned = await callApi(office, 'POST', `/api/cases/${lightId}/actions`, {
      action: 'assign',
      expected_version: created.json.version,
      lead_unit_id: housingUnit.id,
      due_at: new Date(Math.ceil(lightDue / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    })
    assert(assigned.status === 200, 'assign: ' + JSON.stringify(assigned.json))
    await office.goto(`${base()}/cases/${lightId}`)
    await office.waitForSelector('[data-test="case-light"]')
    const l = await caseLight(office)
    assert(l === 'green' || l === 'yellow', 'light before the limit: ' + l)
  })

  await step('create an assignment from the form generated from the kind’s fields', async () => {
    await office.click('[data-test="nav-create"]')
    await office.waitForSelector('[data-test="create-form"]')
    await office.locator('[data-test="create-kind"] label', { hasText: '领导交办事项' }).click()
    await office.fill('input[data-test="create-title"]', title)
    await pickOption(office, '交办领导', '张市长')
    await office.fill('textarea[data-field="content"]', '两周内拿出城区停车难整治方案')
    await pickOption(office, '交办方式', '会议交办')
    await shot(office, '06-create')
    await office.click('[data-test="create-submit"]')
    await office.waitForURL(/\/cases\/\d+$/, { timeout: 15000 })
    flowId = Number(office.url().split('/').pop())
    await office.waitForSelector('[data-test="case-state"]')
    assert((await caseState(office)) === '已登记', 'state after create: ' + (await caseState(office)))
  })

  await step('assign → the unit’s workbench shows the case live, without a reload', async () => {
    await unitPage.click('[data-test="nav-workbench"]')
    await todoRows(unitPage)
    const before = (await todoRows(unitPage)).some((r) => r.id === flowId)
    assert(!before, 'the case is on the unit’s list before it is assigned')
    await openAction(office, 'assign')
    await pickOption(office, '主办单位', '市住房和城乡建设局', '[data-test="action-form"]')
    await office.locator('[data-test="due-mode"] label', { hasText: '按表达式' }).click()
    await office.fill('input[data-test="time-limit"]', '5 working days')
    await office.fill('textarea[data-test="text"]', '请住建局牵头办理')
    await office.keyboard.press('Control+Enter')
    await office.waitForSelector('[data-test="action-form"]', { state: 'detached', timeout: 15000 })
    assert((await caseState(office)) === '已交办', 'state after assign: ' + (await caseState(office)))
    await unitPage.waitForSelector(`[data-test="todo-list"] .zb-title-cell[data-case-id="${flowId}"]`, { timeout: 15000 })
    await unitPage.waitForSelector('[data-test="last-event"]')
  })

  await step('accept (double-clicked: recorded once) → reply, by the unit', async () => {
    await unitPage.click(`[data-test="todo-list"] .zb-title-cell[data-case-id="${flowId}"] a`)
    await unitPage.waitForSelector('[data-test="case-state"]')
    await openAction(unitPage, 'accept')
    await submitAction(unitPage, { double: true })
    assert((await caseState(unitPage)) === '办理中', 'state after accept: ' + (await caseState(unitPage)))
    const accepts = await unitPage.locator('[data-test="timeline"] [data-action="accept"]').count()
    assert(accepts === 1, `accept recorded ${accepts} times`)
    await openAction(unitPage, 'reply')
    await unitPage.fill('textarea[data-test="text"]', '已制定整治方案，新增泊位 1200 个')
    await submitAction(unitPage)
    assert((await caseState(unitPage)) === '已反馈', 'state after reply: ' + (await caseState(unitPage)))
    assert((await unitPage.locator('[data-test="actions"] button').count()) === 0 || !(await unitPage.locator('button[data-action="close"]').count()), 'the unit may not close')
  })

  await step('close, by the office; the timeline names who did what', async () => {
    await office.reload()
    await office.waitForSelector('[data-test="case-state"]')
    await openAction(office, 'close')
    await submitAction(office)
    assert((await caseState(office)) === '已办结', 'state after close: ' + (await caseState(office)))
    const timeline = await office.textContent('[data-test="timeline"]')
    // The time limit given when it was assigned reads as the office writes it (not "5 working days").
    for (const s of ['交办', '签收', '反馈', '办结', '住建局联络员', '孙科员', '新增泊位', '5个工作日']) assert(timeline.includes(s), 'timeline lacks ' + s)
    assert((await office.locator('[data-test="actions"] button').count()) === 0, 'a closed case still offers actions')
    // Closed within its limit: the light says so (not "no time limit").
    assert((await caseLight(office)) === 'on_time', 'light of a case closed in time: ' + (await caseLight(office)))
    assert((await office.textContent('[data-test="case-light"]')).includes('按时办结'), 'closed on time is not said')
    await shot(office, '05-case-detail')
  })

  await step('a server error is a readable message, not a blank page', async () => {
    await office.goto(`${base()}/cases/99999999`)
    await office.waitForSelector('[data-test="detail-error"]')
    const text = await office.textContent('[data-test="detail-error"]')
    assert(text.includes('不存在'), 'error text: ' + text)
  })

  await step('case list: filters, load more, export the filtered list to Excel', async () => {
    await office.click('[data-test="nav-cases"]')
    await office.waitForSelector('[data-test="case-table"] .el-table__body tr')
    const shown0 = await office.textContent('[data-test="shown-count"]')
    assert(shown0.includes('50'), 'first page: ' + shown0)
    await office.click('[data-test="load-more"]')
    await office.waitForFunction(() => document.querySelector('[data-test="shown-count"]')?.textContent?.includes('100'))
    // Keyboard: ↓ then Enter opens the first case.
    await office.locator('[data-test="case-table"]').focus()
    await office.keyboard.press('ArrowDown')
    await office.keyboard.press('Enter')
    await office.waitForURL(/\/cases\/\d+$/)
    await office.goBack()
    await office.waitForSelector('[data-test="case-table"] .el-table__body tr')
    await pickOption(office, '灯色', '红灯')
    await office.click('[data-test="search"]')
    await office.waitForFunction(() => !document.querySelector('[data-test="case-table"] .el-loading-mask'))
    const lights = await office.$$eval('[data-test="case-table"] .el-table__body tr .zb-light', (els) => els.map((e) => e.getAttribute('data-light')))
    assert(lights.length > 0 && lights.every((l) => l === 'red'), 'red filter: ' + lights.join(','))
    await shot(office, '04-case-list')

    await office.fill('input[data-test="filter-keyword"]', '城区停车难专项整治')
    await office.press('input[data-test="filter-keyword"]', 'Enter')
    await office.locator('.el-form-item').filter({ hasText: '灯色' }).locator('.el-select__wrapper').hover()
    await office.locator('.el-form-item').filter({ hasText: '灯色' }).locator('.el-select__clear, .el-select__caret').first().click()
    await office.click('[data-test="search"]')
    await office.waitForFunction((t) => document.querySelector('[data-test="case-table"]')?.textContent?.includes(t), title)
    const [download] = await Promise.all([office.waitForEvent('download'), office.click('[data-test="export"]')])
    const file = join(work, 'export.xlsx')
    await download.saveAs(file)
    const bytes = readFileSync(file)
    assert(bytes.subarray(0, 2).toString() === 'PK', 'not a zip file')
    const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString()
    assert(sheet.includes('主办单位') && sheet.includes('标题'), 'no Chinese headers')
    assert(sheet.includes(title), 'the exported sheet lacks the case')
    assert(sheet.includes('市住房和城乡建设局'), 'the exported sheet lacks the lead unit')
    assert(!sheet.includes('e2e 时限将到的事项'), 'the export ignored the keyword filter')
  })

  await step('leaders’ dashboard: counts, rates, overdue list and weekly trend', async () => {
    const p = await newPage(1920, 1080)
    await signIn(p, 'mayor')
    await p.click('[data-test="nav-dashboard"]')
    await p.waitForSelector('[data-test="dashboard-kpis"]', { timeout: 15000 })
    await p.waitForSelector('canvas')
    const rows = await p.locator('[data-test="unit-rates"] .el-table__body tr').count()
    assert(rows > 0, 'no unit rates')
    await p.waitForTimeout(800)
    await shot(p, '07-dashboard')
    await p.context().close()
  })

  await step('admin: workflow flowcharts, units, users, delegations', async () => {
    const p = await newPage()
    await signIn(p, 'admin')
    await p.click('[data-test="nav-admin"]')
    await p.waitForSelector('[data-test="workflow"] svg')
    const nodes = await p.locator('[data-test="workflow"] svg .zb-flow-node').count()
    assert(nodes >= 6, 'flowchart nodes: ' + nodes)
    await shot(p, '08-admin-workflows')
    await p.locator('.el-tabs__item', { hasText: '人员与角色' }).click()
    await p.waitForSelector('[data-test="users-table"] .el-table__body tr')
    await p.locator('.el-tabs__item', { hasText: '领导授权' }).click()
    await p.waitForSelector('[data-test="delegations-table"] .el-table__body tr')
    const text = await p.textContent('[data-test="delegations-table"]')
    assert(text.includes('张市长') && text.includes('周秘书'), 'the demo delegation is not listed')
    await shot(p, '09-admin-delegations')
    await p.context().close()
  })

  await step('switch the language to English and back', async () => {
    await office.click('[data-test="nav-workbench"]')
    await office.waitForSelector('[data-test="todo-total"]')
    await office.click('[data-test="lang-switch"]')
    await office.waitForSelector('[data-test="nav-workbench"]:has-text("Workbench")')
    const nav = await office.textContent('.zb-aside')
    assert(nav.includes('Cases') && nav.includes('New case'), 'English navigation: ' + nav)
    await shot(office, '10-workbench-en')
    await office.goto(`${base()}/cases/99999999`)
    await office.waitForSelector('[data-test="detail-error"]')
    const err = await office.textContent('[data-test="detail-error"]')
    assert(err.includes('no case'), 'English error: ' + err)
    await office.click('[data-test="lang-switch"]')
    await office.waitForSelector('[data-test="nav-workbench"]:has-text("工作台")')
  })

  // Each screen area's checks live in e2e/checks/*.mjs: `export default async function (t)`.
  const t = { step, assert, sleep, base, newPage, signIn, callApi, shot, todoRows, pickOption, openAction, submitAction, caseState, caseLight }
  const checksDir = join(webDir, 'e2e/checks')
  const modules = existsSync(checksDir) ? readdirSync(checksDir).filter((f) => f.endsWith('.mjs')).sort() : []
  for (const f of modules) {
    const mod = await import(pathToFileURL(join(checksDir, f)).href)
    await mod.default(t)
  }

  await step('the light turns red once the time limit passes', async () => {
    const wait = lightDue + 1500 - Date.now()
    if (wait > 0) await sleep(wait)
    await office.goto(`${base()}/cases/${lightId}`)
    await office.waitForSelector('[data-test="case-light"]')
    const l = await caseLight(office)
    assert(l === 'red', 'light after the limit: ' + l)
  })

  await step('a lost connection is shown, and the live stream reconnects', async () => {
    await unitPage.click('[data-test="nav-workbench"]')
    await unitPage.waitForSelector('[data-test="todo-total"]')
    await stopServer()
    await unitPage.waitForSelector('[data-test="connection-lost"]', { timeout: 20000 })
    await shot(unitPage, '11-connection-lost')
    await startServer()
    await unitPage.waitForSelector('[data-test="connection-lost"]', { state: 'detached', timeout: 40000 })
  })

  await browser.close()
  await stopServer()
  console.log(`e2e: ${passed} passed, ${failures.length} failed in ${Math.round((Date.now() - t0) / 1000)} s; screenshots in ${shots}`)
  for (const f of failures) console.log(`FAILED: ${f}`)
}

main()
  .catch((e) => {
    console.error(e)
    failures.push('setup')
  })
  .finally(async () => {
    await browser?.close().catch(() => undefined)
    await stopServer()
    if (!keep) rmSync(work, { recursive: true, force: true })
    else console.log(`e2e: kept ${work}`)
    process.exit(failures.length ? 1 : 0)
  })
