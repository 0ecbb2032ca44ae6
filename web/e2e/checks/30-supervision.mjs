// 督查督办: a leader's instruction from registration to closure (the mayor instructs, the office
// splits it between two units on the instructions screen, each unit feeds back, the office closes
// the parts and sums up, the mayor acknowledges the result), and a deputy's suggestion from the
// batch import on the session board to the author's satisfaction; a suggestion split between two
// units (分办) on the proposals screen, one part answered; the on-time ranking, the key programme,
// the bulletin editor (edited, issued, downloaded as .docx and .pdf) and the ledgers.
export default async function (t) {
  const stamp = String(Date.now()).slice(-6)
  const title = `关于城区${stamp}号泵站改造情况的报告`
  let office = null
  let instructionId = 0
  let parts = []

  // Takes `action` on case `id` in the case screen, filling the dialog.
  async function act(page, id, action, { text, reason, fields = {} } = {}) {
    await page.goto(t.base() + `/cases/${id}`)
    await page.waitForSelector('[data-test="case-state"]')
    await t.openAction(page, action)
    if (reason) await page.fill('[data-test="action-form"] textarea[data-test="reason"]', reason)
    if (text) await page.fill('[data-test="action-form"] textarea[data-test="text"]', text)
    for (const [field, value] of Object.entries(fields)) {
      const item = page.locator(`[data-test="action-field-${field}"]`)
      if (await item.locator('.el-select__wrapper').count()) {
        await item.locator('.el-select__wrapper').click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: value }).first().click()
      } else {
        await item.locator('textarea, input').first().fill(value)
      }
    }
    await t.submitAction(page)
    return t.caseState(page)
  }

  await t.step('supervision: the mayor instructs on a report, recorded in the case screen', async () => {
    office = await t.newPage()
    await t.signIn(office, 'clerk_sun')
    const mayorId = (await t.callApi(office, 'GET', '/api/users')).json.users.find((u) => u.username === 'mayor').id
    const created = await t.callApi(office, 'POST', '/api/cases', {
      kind: 'instruction',
      title,
      fields: { leader_id: mayorId, source: '报告', matter: '城区泵站改造进度滞后，汛前须完成' },
    })
    t.assert(created.status === 201, 'create: ' + JSON.stringify(created.json))
    instructionId = created.json.id
    const mayor = await t.newPage()
    await t.signIn(mayor, 'mayor')
    const state = await act(mayor, instructionId, 'instruct', {
      fields: { instruction: '请住建局、城管局按职责分工抓紧推进，汛前完成并报结果。' },
    })
    t.assert(state === '已批示待交办', 'state after instruct: ' + state)
    await mayor.context().close()
  })

  await t.step('supervision: the office splits it between two units on the instructions screen', async () => {
    await office.goto(t.base() + '/')
    await office.click('[data-test="nav-supervision-instructions"]')
    await office.waitForSelector('[data-test="instructions-table"]')
    await office.locator('[data-test="instructions-table"] .el-table__row', { hasText: title }).first().click()
    await office.click('[data-test="instruction-split"]')
    const units = office.locator('[data-test="split-units"]')
    await units.locator('.el-select__wrapper').click()
    for (const name of ['市住房和城乡建设局', '市城市管理局']) {
      await office.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
    }
    await office.keyboard.press('Escape')
    await office.click('[data-test="split-submit"]')
    await office.waitForSelector('[data-test="rollup-parts"] .el-table__row', { timeout: 15000 })
    const summary = await office.textContent('[data-test="rollup-summary"]')
    t.assert(summary.includes('分办 2 家') && summary.includes('已办结 0'), 'roll-up: ' + summary)
    const roll = (await t.callApi(office, 'GET', `/api/supervision/instructions/${instructionId}/roll-up`)).json
    parts = roll.part_cases.map((c) => ({ id: c.id, unit: c.lead_unit_name }))
    t.assert(parts.length === 2, 'parts: ' + JSON.stringify(parts))
    await t.shot(office, '30-supervision-instructions')
  })

  await t.step('supervision: each unit feeds back, the office closes the parts, sums up, the mayor acknowledges', async () => {
    const liaison = { 市住房和城乡建设局: 'housing', 市城市管理局: 'urban' }
    for (const p of parts) {
      const page = await t.newPage()
      await t.signIn(page, liaison[p.unit])
      t.assert((await act(page, p.id, 'accept')) === '办理中', 'accept by ' + p.unit)
      t.assert((await act(page, p.id, 'reply', { text: `${p.unit}已完成泵站改造并通过验收` })) === '已反馈待审核', 'reply by ' + p.unit)
      await page.context().close()
      t.assert((await act(office, p.id, 'close_part')) === '已办结', 'close part ' + p.id)
    }
    await office.goto(t.base() + '/supervision/instructions')
    await office.locator('[data-test="instructions-table"] .el-table__row', { hasText: title }).first().click()
    await office.waitForSelector('[data-test="rollup-summary"]:has-text("可汇总报领导")')
    const chief = await t.newPage()
    await t.signIn(chief, 'chief_sup')
    const state = await act(chief, instructionId, 'conclude', { fields: { result: '两家单位均已完成泵站改造，汛前投入运行。' } })
    t.assert(state === '已报领导', 'state after conclude: ' + state)
    await chief.context().close()
    const mayor = await t.newPage()
    await t.signIn(mayor, 'mayor')
    t.assert((await act(mayor, instructionId, 'acknowledge')) === '已办结', 'the mayor acknowledges the result')
    await mayor.context().close()
  })

  await t.step('supervision: assigned-matter statistics rank the units (ECharts)', async () => {
    await office.goto(t.base() + '/supervision/on-time')
    await office.waitForSelector('[data-test="ontime-table"] .el-table__row')
    await office.waitForSelector('canvas')
    const rate = await office.textContent('[data-test="ontime-on_time_rate"] .n')
    t.assert(/%$/.test(rate.trim()), 'on-time rate: ' + rate)
    await t.shot(office, '31-supervision-on-time')
  })

  const number = `第${stamp}号`
  const author = '顾晓'
  let itemId = 0
  await t.step('supervision: a session of suggestions is imported (trial run, then all) on the board', async () => {
    await office.goto(t.base() + '/supervision/proposals')
    await office.waitForSelector('[data-test="board-table"]')
    const before = Number((await office.textContent('[data-test="board-remaining"]')).trim())
    const csv = `编号,标题,领衔人,内容,主办单位\n${number},关于凤凰路${stamp}号路口增设信号灯的建议,${author},路口车流量大，建议增设信号灯,市住房和城乡建设局\n`
    await office.fill('input[data-test="import-session"]', `e2e${stamp}`)
    await office.setInputFiles('[data-test="import-file"]', { name: 'session.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await office.click('[data-test="import-dry-run"]')
    await office.waitForSelector('[data-test="import-report"]')
    await office.click('[data-test="import-run"]')
    await office.waitForFunction(
      (n) => Number(document.querySelector('[data-test="board-remaining"]')?.textContent?.trim()) === n,
      before + 1,
      { timeout: 15000 },
    )
    const list = (await t.callApi(office, 'GET', '/api/cases?kind=deputy_suggestion&limit=50')).json.cases
    itemId = list.find((c) => c.fields.number === number).id
    t.assert(itemId > 0, 'the imported item is not found')
    // The same file again: already registered, nothing written.
    await office.click('[data-test="import-dry-run"]')
    await office.waitForSelector('[data-test="import-problems"] .el-table__row')
    await t.shot(office, '32-supervision-proposals')
  })

  await t.step('supervision: the unit replies with an answer class, the author is satisfied: closed', async () => {
    const unit = await t.newPage()
    await t.signIn(unit, 'housing')
    t.assert((await act(unit, itemId, 'accept')) === '办理中', 'accept')
    const state = await act(unit, itemId, 'reply', { text: '已列入年度计划，6 月底前完成信号灯安装。', fields: { answer_class: 'A' } })
    t.assert(state === '已答复待评价', 'state after reply: ' + state)
    await unit.context().close()
    const closed = await act(office, itemId, 'satisfied', { fields: { satisfaction_from: author } })
    t.assert(closed === '已办结', 'state after satisfied: ' + closed)
    const board = (await t.callApi(office, 'GET', `/api/supervision/proposals/board?kind=deputy_suggestion&session=e2e${stamp}`)).json
    t.assert(board.total.closed === 1 && board.total.remaining === 0, 'board: ' + JSON.stringify(board.total))
  })

  await t.step('supervision: a suggestion is split between two units (分办); each part answers the author', async () => {
    const splitTitle = `关于${stamp}号小区停车难和加装电梯的建议`
    const created = await t.callApi(office, 'POST', '/api/cases', {
      kind: 'deputy_suggestion',
      title: splitTitle,
      fields: { session: `e2e${stamp}`, number: `第${stamp}-2号`, author: '钱程', content: '小区停车难，老楼加装电梯推进慢' },
    })
    t.assert(created.status === 201, 'create: ' + JSON.stringify(created.json))
    const id = created.json.id
    await office.goto(t.base() + '/supervision/proposals')
    await office.waitForSelector('[data-test="split-items"]')
    await office.click(`[data-test="split-open-${id}"]`)
    const units = office.locator('[data-test="proposal-split-units"]')
    await units.locator('.el-select__wrapper').click()
    for (const name of ['市住房和城乡建设局', '市交通运输局']) {
      await office.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
    }
    await office.keyboard.press('Escape')
    await office.click('[data-test="proposal-split-submit"]')
    await office.waitForSelector('[data-test="split-parts"] .el-table__row', { timeout: 15000 })
    const summary = await office.textContent('[data-test="split-parts"]')
    t.assert(summary.includes('分办 2 家') && summary.includes('市交通运输局'), 'parts: ' + summary)
    await office.locator('[data-test="proposal-split"]').evaluate((el) => el.scrollIntoView({ block: 'end' }))
    await t.shot(office, '32b-supervision-proposal-split')
    const roll = (await t.callApi(office, 'GET', `/api/supervision/proposals/${id}/roll-up`)).json
    t.assert(roll.proposal.state === 'split' && roll.part_cases.length === 2, 'roll-up: ' + JSON.stringify(roll.proposal.state))
    const housingPart = roll.part_cases.find((c) => c.lead_unit_name === '市住房和城乡建设局')
    t.assert(housingPart && housingPart.fields.author === '钱程', 'the housing part carries the author')
    const unit = await t.newPage()
    await t.signIn(unit, 'housing')
    t.assert((await act(unit, housingPart.id, 'accept')) === '办理中', 'accept the part')
    const state = await act(unit, housingPart.id, 'reply', { text: '加装电梯部分：已列入年度计划。', fields: { answer_class: 'B' } })
    t.assert(state === '已答复待评价', 'state after the part is answered: ' + state)
    await unit.context().close()
    t.assert((await act(office, housingPart.id, 'satisfied', { fields: { satisfaction_from: '钱程' } })) === '已办结', 'the author is satisfied with the part')
    const after = (await t.callApi(office, 'GET', `/api/supervision/proposals/${id}/roll-up`)).json
    t.assert(after.closed === 1 && after.open === 1, 'roll-up after one part: ' + JSON.stringify({ closed: after.closed, open: after.open }))
  })

  await t.step('supervision: the key programme tree with reports, the missing ones listed', async () => {
    await office.goto(t.base() + '/supervision/projects')
    await office.waitForSelector('[data-test="projects-tree"] .el-table__row')
    const text = await office.textContent('[data-test="projects-tree"]')
    t.assert(text.includes('421'), 'no 421 programme in the tree')
    await t.shot(office, '33-supervision-projects')
  })

  await t.step('supervision: a bulletin is generated, edited (Ctrl+S), issued and downloaded as .docx and .pdf', async () => {
    await office.goto(t.base() + '/supervision/bulletins')
    await office.waitForSelector('[data-test="bulletin-generate"]')
    await office.click('[data-test="bulletin-generate"]')
    await office.waitForSelector('[data-test="bulletin-save"]')
    const box = office.locator('textarea[data-test="bulletin-section-1"]')
    await box.click()
    await office.keyboard.press('Control+End')
    await office.keyboard.type(`\n各单位要对照通报认真整改（${stamp}）。`)
    await office.keyboard.press('Control+s')
    await office.waitForSelector('.el-message--success')
    await t.shot(office, '34-supervision-bulletin')
    const current = (await t.callApi(office, 'GET', '/api/supervision/bulletins')).json.bulletins[0]
    const saved = (await t.callApi(office, 'GET', `/api/supervision/bulletins/${current.id}`)).json
    t.assert(JSON.stringify(saved.document).includes(stamp), 'the edit was not saved')
    const chief = await t.newPage()
    await t.signIn(chief, 'chief_sup')
    await chief.goto(t.base() + '/supervision/bulletins')
    await chief.click(`[data-test="bulletin-${current.id}"]`)
    await chief.click('[data-test="bulletin-issue"]')
    await chief.locator('.el-message-box__btns button.el-button--primary').click()
    await chief.waitForSelector('[data-test="bulletin-docx"]')
    await chief.waitForFunction(() => !document.querySelector('[data-test="bulletin-issue"]'))
    const head = await chief.evaluate(async (id) => {
      const r = await fetch(`/api/supervision/bulletins/${id}/docx`)
      const b = new Uint8Array(await r.arrayBuffer())
      return { status: r.status, magic: String.fromCharCode(b[0], b[1]), type: r.headers.get('content-type') }
    }, current.id)
    t.assert(head.status === 200 && head.magic === 'PK', 'docx: ' + JSON.stringify(head))
    // The PDF through the editor's download button.
    const [download] = await Promise.all([chief.waitForEvent('download'), chief.click('[data-test="bulletin-pdf"]')])
    t.assert(download.suggestedFilename().endsWith('.pdf'), 'pdf file name: ' + download.suggestedFilename())
    const stream = await download.createReadStream()
    const chunks = []
    for await (const c of stream) chunks.push(c)
    const pdf = Buffer.concat(chunks)
    t.assert(pdf.subarray(0, 5).toString() === '%PDF-' && pdf.length > 10000, 'pdf: ' + pdf.subarray(0, 8).toString() + ' ' + pdf.length)
    await t.shot(chief, '34b-supervision-bulletin-issued')
    await chief.context().close()
    // The unit sees it issued.
    const unit = await t.newPage()
    await t.signIn(unit, 'housing')
    const inbox = (await t.callApi(unit, 'GET', '/api/notifications')).json.notifications
    t.assert(inbox.some((n) => n.kind === 'bulletin'), 'no bulletin notification for the unit')
    await unit.context().close()
  })

  await t.step('supervision: the ledgers download as Excel', async () => {
    await office.goto(t.base() + '/supervision/ledgers')
    await office.waitForSelector('[data-test="ledger-instruction"]')
    const head = await office.evaluate(async () => {
      const r = await fetch('/api/supervision/ledgers/deputy_suggestion')
      const b = new Uint8Array(await r.arrayBuffer())
      return { status: r.status, magic: String.fromCharCode(b[0], b[1]) }
    })
    t.assert(head.status === 200 && head.magic === 'PK', 'ledger: ' + JSON.stringify(head))
    await t.shot(office, '35-supervision-ledgers')
    await office.context().close()
  })
}
