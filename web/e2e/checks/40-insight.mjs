// 热点与预警: the demo's stored runs show current findings of every type on the dashboard and in
// the insight section (status badges, counts charts, keywords, representative tickets); the
// reports download as .docx and .pdf, the weekly and the monthly one each over its own period; a finding becomes a leader's instruction with one action
// and the next run keeps it linked; a run over a period in the future is refused with a message.
import zlib from 'node:zlib'

// The text of a .docx's word/document.xml (its central directory read, the entry inflated).
function docxText(buf) {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = buf.readUInt16LE(end + 10)
  let at = buf.readUInt32LE(end + 16)
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10)
    const size = buf.readUInt32LE(at + 20)
    const nameLen = buf.readUInt16LE(at + 28)
    const extraLen = buf.readUInt16LE(at + 30)
    const commentLen = buf.readUInt16LE(at + 32)
    const local = buf.readUInt32LE(at + 42)
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen)
    if (name === 'word/document.xml') {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
      const data = buf.subarray(start, start + size)
      const xml = (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8')
      return xml.replace(/<[^>]+>/g, '')
    }
    at += 46 + nameLen + extraLen + commentLen
  }
  return ''
}

export default async function (t) {
  let page = null

  await t.step('insight: the dashboard shows the current findings and links to the section', async () => {
    page = await t.newPage(1366, 768)
    await t.signIn(page, 'secgen')
    await page.goto(t.base() + '/dashboard')
    await page.waitForSelector('[data-test="dashboard-insight"]')
    const items = await page.locator('[data-test="dashboard-insight"] .zb-insight-top-item').count()
    t.assert(items >= 4, 'dashboard findings: ' + items)
    await t.shot(page, 'insight-dashboard')
    await page.locator('[data-test="dashboard-insight"] .zb-insight-top-item').first().click()
    await page.waitForSelector('[data-test="insight-finding"]')
  })

  await t.step('insight: findings of every type with evidence and status badges', async () => {
    const current = await t.callApi(page, 'GET', '/api/insight/findings')
    t.assert(current.status === 200, 'findings: ' + current.status)
    for (const type of ['hot_issue', 'emerging', 'trending', 'periodic']) {
      const live = current.json.findings.filter((f) => f.type === type && f.status !== 'subsided')
      t.assert(live.length > 0, 'no current finding of type ' + type)
    }
    t.assert(current.json.findings.some((f) => f.status === 'subsided'), 'no subsided finding')
    await page.waitForSelector('[data-test="insight-finding"] canvas')
    const badges = await page.locator('[data-test="finding-status"]:visible').allTextContents()
    t.assert(badges.some((b) => ['新出现', '持续', '已消退'].includes(b.trim())), 'badges: ' + badges.join(','))
    await t.shot(page, 'insight-hot-issues')
    for (const type of ['emerging', 'trending', 'periodic']) {
      await page.click(`#tab-${type}`)
      await page.waitForSelector(`#pane-${type} [data-test="insight-finding"]`)
      await t.sleep(400)
      await t.shot(page, 'insight-' + type)
    }
  })

  await t.step('insight: the weekly report as .docx and the monthly one as .pdf', async () => {
    const docx = await page.evaluate(async () => {
      const r = await fetch('/api/insight/report?period=week&format=docx')
      const b = new Uint8Array(await r.arrayBuffer())
      return { status: r.status, magic: String.fromCharCode(b[0], b[1]), size: b.length }
    })
    t.assert(docx.status === 200 && docx.magic === 'PK' && docx.size > 2000, 'docx: ' + JSON.stringify(docx))
    const pdf = await page.evaluate(async () => {
      const r = await fetch('/api/insight/report?period=month&format=pdf')
      const b = new Uint8Array(await r.arrayBuffer())
      return { status: r.status, magic: String.fromCharCode(b[0], b[1], b[2], b[3]), size: b.length }
    })
    t.assert(pdf.status === 200 && pdf.magic === '%PDF', 'pdf: ' + JSON.stringify(pdf))
  })

  await t.step('insight: 下载周报 and 下载月报 cover their own periods', async () => {
    const text = {}
    for (const period of ['week', 'month']) {
      const href = await page.locator(`[data-test="insight-report-${period}"]`).getAttribute('href')
      const got = await page.evaluate(async (url) => {
        const r = await fetch(url)
        const b = new Uint8Array(await r.arrayBuffer())
        let s = ''
        for (const x of b) s += String.fromCharCode(x)
        return { status: r.status, base64: btoa(s) }
      }, href)
      t.assert(got.status === 200, period + ': ' + got.status)
      text[period] = docxText(Buffer.from(got.base64, 'base64'))
    }
    t.assert(/周报（\d+月\d+日至\d+月\d+日）/.test(text.week), 'weekly title: ' + text.week.slice(0, 200))
    t.assert(/月报（\d+月\d+日至\d+月\d+日）/.test(text.month), 'monthly title: ' + text.month.slice(0, 200))
    t.assert(text.week.includes('本周') && text.week.includes('与上周相比'), 'weekly compares with the week before')
    t.assert(text.month.includes('本月') && text.month.includes('与上月相比'), 'monthly compares with the month before')
    t.assert(/本周（[^）]+）受理市长公开电话工单 \d+ 件，上周/.test(text.week), 'weekly counts: ' + text.week.slice(0, 600))
    t.assert(/本月（[^）]+）受理市长公开电话工单 \d+ 件，上月/.test(text.month), 'monthly counts')
    // The demo's two runs are a week apart: the month has both, the week only the latest.
    const runs = (s) => Number((s.match(/共进行热线分析 (\d+) 次/) || [])[1])
    t.assert(runs(text.month) > runs(text.week), `runs: week ${runs(text.week)}, month ${runs(text.month)}`)
  })

  await t.step('insight: a hot issue becomes a leader instruction with one action', async () => {
    await page.click('#tab-hot_issue')
    const card = page.locator('#pane-hot_issue [data-test="insight-finding"]', { has: page.locator('[data-test="finding-to-case"]') }).first()
    const title = (await card.locator('.zb-finding-title').textContent()).trim()
    await card.locator('[data-test="finding-to-case"]').click()
    await page.waitForSelector('[data-test="finding-case-dialog"] [data-test="as-instruction"]')
    await t.sleep(300)
    await t.shot(page, 'insight-to-case')
    await page.click('[data-test="finding-case-submit"]')
    const linked = page.locator('#pane-hot_issue [data-test="insight-finding"]', { hasText: title }).locator('[data-test="finding-case"]')
    await linked.waitFor()
    const current = await t.callApi(page, 'GET', '/api/insight/findings')
    const f = current.json.findings.find((x) => x.title === title)
    t.assert(f && f.case && f.case.kind === 'instruction', 'linked case: ' + JSON.stringify(f && f.case))
  })

  await t.step('insight: a run over the future is refused, with the reason shown', async () => {
    const future = await t.callApi(page, 'POST', '/api/insight/runs', { from: '2020-01-01', to: '2099-01-01' })
    t.assert(future.status === 400, 'future: ' + future.status)
    t.assert(future.json.error.message.includes('未来'), 'message: ' + future.json.error.message)
    const runs = await t.callApi(page, 'GET', '/api/insight/runs')
    t.assert(runs.json.runs.length >= 2, 'runs: ' + runs.json.runs.length)
    await page.context().close()
  })
}
