// 历史导入: the office imports past tickets from a message-board export with messy cells (a
// leading tab, an Excel serial date, a blank row, an unreadable time). Choosing the file checks
// it at once and writes nothing; the recognised columns are shown and can be changed; the import
// then writes exactly the accepted rows.
export default async function (t) {
  await t.step('hotline import: check a file, fix a column, import the accepted rows', async () => {
    const stamp = String(Date.now()).slice(-6)
    const csv =
      '留言编号,留言用户,留言主题,留言时间,留言详情,一级分类,答复意见,答复时间\n' +
      `${stamp}1,A00${stamp},凤凰路${stamp}号路灯不亮,2020/1/6 12:09:38,\t凤凰路${stamp}号一带路灯晚上不亮，行人摔倒,城乡建设,已安排维修，路灯已恢复,2020/1/8 10:00:00\n` +
      `${stamp}2,A01${stamp},春华小区${stamp}栋外墙脱落,43836.5,外墙瓷砖脱落砸坏车辆,城乡建设,,\n` +
      ',,,,,,,\n' +
      `${stamp}3,A02${stamp},时间不明的留言${stamp},昨天,内容,交通运输,,\n`
    const p = await t.newPage()
    await t.signIn(p, 'clerk_sun')
    await p.goto(t.base() + '/hotline/import')
    await p.waitForSelector('[data-test="import-pick"]')
    t.assert((await p.textContent('[data-test="import-pick"]')).includes('选择文件'), 'the file button is not in Chinese')
    const count = async () => (await t.callApi(p, 'GET', `/api/cases?kind=hotline&q=${stamp}&limit=50`)).json.cases.length
    await p.setInputFiles('[data-test="import-file"]', { name: '留言板导出.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await p.waitForSelector('[data-test="import-counts"]')
    const counts = async () => p.$$eval('[data-test="import-counts"] b', (els) => els.map((e) => Number(e.textContent.trim())))
    t.assert(JSON.stringify(await counts()) === '[2,1,1]', 'check counts (accepted, rejected, blank): ' + JSON.stringify(await counts()))
    t.assert((await p.textContent('[data-test="import-rows"]')).includes('无法识别的时间'), 'the rejected row’s reason is not shown')
    t.assert((await count()) === 0, 'the check wrote tickets')
    // The recognised column of the title, changeable; a wrong choice is refused with the reason.
    t.assert((await p.textContent('[data-test="map-title"]')).includes('留言主题'), 'the title column is not recognised')
    await t.shot(p, '27-hotline-import-check')
    await t.pickOption(p, '标题', '留言详情', '[data-test="import-mapping"]')
    await p.waitForFunction(() => document.querySelector('[data-test="import-rows"]')?.textContent?.includes('行人摔倒'))
    await t.pickOption(p, '标题', '留言主题', '[data-test="import-mapping"]')
    await p.waitForFunction(() => document.querySelector('[data-test="import-rows"]')?.textContent?.includes('路灯不亮'))
    await p.click('[data-test="import-run"]')
    await p.click('.el-message-box__btns .el-button--primary')
    await p.waitForSelector('[data-test="import-done"]')
    t.assert(!(await p.$('[data-test="import-mapping"]')), 'the columns of the imported file are still offered')
    t.assert((await count()) === 2, 'the import did not write the two accepted rows')
    const list = (await t.callApi(p, 'GET', `/api/cases?kind=hotline&q=${stamp}&limit=50`)).json.cases
    const lamp = list.find((c) => c.title.includes('路灯不亮'))
    t.assert(lamp && lamp.closed_at && lamp.created_at.startsWith('2020-01-06T12:09:38'), 'the replied row is not closed at its original time: ' + JSON.stringify(lamp))
    const wall = list.find((c) => c.title.includes('外墙脱落'))
    t.assert(wall && wall.created_at.startsWith('2020-01-06T12:00'), 'the Excel serial date is not read: ' + wall?.created_at)
    await t.shot(p, '28-hotline-import-done')
    await p.context().close()
  })
}
