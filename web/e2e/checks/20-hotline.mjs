// 12345 热线: an operator registers a call by keyboard only (seeing the caller's history), a repeat
// call is merged (并单) into it from the similar-ticket list, a dispatcher dispatches it, the unit
// signs for it and replies, the operator does the callback (回访); the KPI screen and its Excel report.
export default async function (t) {
  const stamp = String(Date.now()).slice(-6)
  const title = `凤凰路${stamp}号工地夜间施工噪音扰民`
  const content =
    `凤凰路${stamp}号与海陵南路交叉口的工地每天夜里十一点以后还在施工，打桩机声音很大，` +
    '周边几个小区的居民都无法入睡，希望有关部门尽快查处，限制夜间施工时间。'
  let ticketId = 0
  let repeatPhone = ''
  let op = null

  const activeTest = (p) => p.evaluate(() => document.activeElement?.getAttribute('data-test') ?? '')
  // Tab (keyboard only) until the field with this data-test has the focus.
  async function tabTo(p, dataTest) {
    for (let i = 0; i < 30; i++) {
      if ((await activeTest(p)) === dataTest) return
      await p.keyboard.press('Tab')
    }
    throw new Error(`Tab never reached ${dataTest}`)
  }
  async function openDesk(p) {
    await p.click('[data-test="nav-hotline-desk"]')
    await p.waitForSelector('[data-test="desk-form"]')
    await p.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'desk-phone')
  }

  await t.step('hotline: an operator registers a call by keyboard only and sees the caller’s history', async () => {
    op = await t.newPage()
    await t.signIn(op, 'operator1')
    // A citizen who has called before: the number of one of the demo office's newest tickets.
    const recent = (await t.callApi(op, 'GET', '/api/cases?kind=hotline&limit=20')).json.cases
    const earlier = recent.find((c) => /^1\d{10}$/.test(String(c.fields.phone ?? '')))
    t.assert(earlier, 'no recent demo ticket with a mobile number')
    const phone = String(earlier.fields.phone)
    await openDesk(op)
    await op.keyboard.type(phone)
    await op.waitForSelector(`[data-test="desk-history"] a[href$="/cases/${earlier.id}"]`, { timeout: 10000 })
    await op.keyboard.press('Tab')
    t.assert((await activeTest(op)) === 'desk-name', 'Tab from the phone does not reach the caller’s name')
    await op.keyboard.press('Control+A')
    await op.keyboard.type('周先生')
    await tabTo(op, 'desk-title')
    await op.keyboard.type(title)
    await op.keyboard.press('Tab')
    t.assert((await activeTest(op)) === 'desk-content', 'Tab from the title does not reach the text')
    await op.keyboard.type(content)
    // The suggestion comes from the text engine; 噪音/施工 is the city's construction and housing.
    await op.waitForSelector('[data-test="desk-suggested-unit"]', { timeout: 10000 })
    await t.shot(op, '20-hotline-desk')
    await op.keyboard.press('Control+Enter')
    const last = op.locator('[data-test="desk-last"]')
    await last.waitFor({ timeout: 10000 })
    ticketId = Number((await last.textContent()).match(/#(\d+)/)[1])
    t.assert(ticketId > 0, 'no ticket number after registering')
    const c = (await t.callApi(op, 'GET', `/api/hotline/tickets/${ticketId}`)).json
    t.assert(c.state === 'registered', 'state after registering: ' + c.state)
    t.assert(c.title === title && c.fields.content === content, 'the ticket does not hold what was typed')
    t.assert(c.fields.phone === phone && c.fields.caller_name === '周先生', 'caller: ' + JSON.stringify(c.callers))
    // Esc left a clean form with the focus on the phone.
    t.assert((await activeTest(op)) === 'desk-phone', 'the focus is not back on the phone after registering')
  })

  await t.step('hotline: a repeat call shows the similar open ticket and Alt+M merges it (并单)', async () => {
    repeatPhone = `139${stamp}88`
    await op.keyboard.type(repeatPhone)
    await op.keyboard.press('Tab')
    await op.keyboard.type('吴女士')
    await tabTo(op, 'desk-title')
    await op.keyboard.type('工地夜里施工太吵')
    await op.keyboard.press('Tab')
    await op.keyboard.type(content)
    await op.waitForSelector(`[data-test="desk-merge-${ticketId}"]`, { timeout: 10000 })
    const first = await op.locator('[data-test="desk-similar"] .zb-dup').first().textContent()
    t.assert(first.includes(`#${ticketId}`) && first.includes('重复'), 'the just-registered ticket is not first, marked 重复: ' + first)
    await t.shot(op, '21-hotline-similar')
    await op.keyboard.press('Alt+m')
    await op.waitForSelector(`[data-test="desk-last"]:has-text("刚并入：#${ticketId}")`, { timeout: 10000 })
    const c = (await t.callApi(op, 'GET', `/api/hotline/tickets/${ticketId}`)).json
    t.assert(c.callers.length === 2 && c.callers[1].phone === repeatPhone, 'the target does not keep the repeat caller: ' + JSON.stringify(c.callers))
    // Esc clears what was typed.
    await op.keyboard.type('13800000000')
    await op.keyboard.press('Escape')
    t.assert((await op.inputValue('[data-test="desk-phone"]')) === '', 'Esc did not clear the form')
  })

  await t.step('hotline: the dispatcher dispatches the ticket from the queue', async () => {
    await op.click('.el-tabs__item:has-text("派单与退单")')
    await op.waitForSelector('[data-test="dispatch-table"]')
    await op.locator('[data-test="dispatch-table"] .el-table__body tr', { hasText: title }).first().click()
    await op.waitForSelector(`[data-test="dispatch-panel"] h2:has-text("#${ticketId}")`)
    await t.pickOption(op, '主办单位', '市住房和城乡建设局', '[data-test="dispatch-panel"]')
    // The queue shows each ticket's dispatch deadline (its step's limit); tickets of days ago
    // waiting still are past it.
    const due = await op.locator('[data-test="dispatch-table"] .el-table__body tr', { hasText: title }).first().locator('[data-test="dispatch-by"]').textContent()
    t.assert(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(due ?? ''), 'the new ticket shows no dispatch deadline: ' + due)
    t.assert((await op.locator('[data-test="dispatch-table"] [data-test="dispatch-by"].overdue').count()) > 0, 'no waiting ticket is past its dispatch deadline')
    await t.shot(op, '22-hotline-dispatch')
    await op.click('[data-test="dispatch-submit"]')
    await op.waitForFunction(
      (id) => !document.querySelector('[data-test="dispatch-panel"] h2')?.textContent?.includes('#' + id),
      ticketId,
      { timeout: 10000 },
    )
    const c = (await t.callApi(op, 'GET', `/api/hotline/tickets/${ticketId}`)).json
    t.assert(c.state === 'dispatched' && c.lead_unit_name === '市住房和城乡建设局', `after dispatch: ${c.state} ${c.lead_unit_name}`)
    await op.locator('[data-test="dispatch-tab"] label', { hasText: '退单' }).click()
    await t.shot(op, '23-hotline-returned')
  })

  await t.step('hotline: the unit sees it by light, signs for it and replies', async () => {
    const unit = await t.newPage()
    await t.signIn(unit, 'housing')
    await unit.click('[data-test="nav-hotline-unit"]')
    await unit.waitForSelector(`[data-test="unit-tickets"] [data-case-id="${ticketId}"]`, { timeout: 10000 })
    await t.shot(unit, '24-hotline-unit')
    await unit.goto(`${t.base()}/cases/${ticketId}`)
    await t.openAction(unit, 'accept')
    await t.submitAction(unit)
    await t.openAction(unit, 'reply')
    await unit.fill('[data-test="action-form"] textarea[data-test="text"]', '经现场核查，已责令施工单位停止夜间施工，并安排夜间巡查。')
    await t.submitAction(unit)
    t.assert((await t.caseState(unit)) === '已答复待回访', 'state after the reply: ' + (await t.caseState(unit)))
    // The phone of a caller who asked for nothing special is shown; the unit sees the ticket.
    await unit.context().close()
  })

  await t.step('hotline: the operator does the callback and the ticket closes', async () => {
    await op.click('.el-tabs__item:has-text("回访")')
    await op.waitForSelector('[data-test="callback-table"]')
    await op.locator('[data-test="callback-table"] .el-table__body tr', { hasText: title }).first().click()
    await op.waitForSelector(`[data-test="callback-panel"] h2:has-text("#${ticketId}")`)
    const panel = await op.textContent('[data-test="callback-panel"]')
    t.assert(panel.includes('已责令施工单位停止夜间施工'), 'the reply is not shown')
    t.assert(panel.includes(repeatPhone), 'the merged caller is not listed for the callback')
    await op.locator('[data-test="callback-result"] label', { hasText: '基本满意' }).click()
    await op.fill('[data-test="callback-note"]', '来电人表示夜间已无施工')
    await t.shot(op, '25-hotline-callback')
    await op.click('[data-test="callback-submit"]')
    await op.waitForFunction(
      (id) => !document.querySelector('[data-test="callback-panel"] h2')?.textContent?.includes('#' + id),
      ticketId,
      { timeout: 10000 },
    )
    const c = (await t.callApi(op, 'GET', `/api/hotline/tickets/${ticketId}`)).json
    t.assert(c.state === 'closed' && c.fields.satisfaction === 'basically_satisfied', `after the callback: ${c.state} ${c.fields.satisfaction}`)
  })

  await t.step('hotline: the KPI screen charts this month and downloads the Excel report', async () => {
    await op.click('.el-tabs__item:has-text("热线指标")')
    await op.waitForSelector('[data-test="kpi-received"]')
    const received = Number(await op.textContent('[data-test="kpi-received"] .n'))
    const report = (await t.callApi(op, 'GET', '/api/hotline/kpis')).json
    t.assert(received >= 1, 'received this month: ' + received)
    t.assert(received === report.kpis.received, `the screen shows ${received}, the API ${report.kpis.received}`)
    await op.waitForSelector('[data-test="kpi-table"] .el-table__body tr')
    await op.waitForSelector('canvas')
    await t.shot(op, '26-hotline-kpis')
    const [download] = await Promise.all([op.waitForEvent('download'), op.click('[data-test="kpi-xlsx"] button')])
    t.assert(download.suggestedFilename().endsWith('.xlsx'), 'download name: ' + download.suggestedFilename())
    const stream = await download.createReadStream()
    const chunks = []
    for await (const c of stream) chunks.push(c)
    const bytes = Buffer.concat(chunks)
    t.assert(bytes.length > 1000 && bytes.subarray(0, 2).toString() === 'PK', 'the download is not an .xlsx workbook')
    await op.context().close()
  })
}
