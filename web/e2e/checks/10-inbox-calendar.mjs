// The inbox (通知提醒) with its unread badge, and the working calendar (工作日历).
export default async function (t) {
  const unreadShown = (page) => page.getAttribute('[data-test="inbox-badge"]', 'data-unread').then(Number)
  const unreadOnServer = async (page) => (await t.callApi(page, 'GET', '/api/notifications')).json.unread
  const isRead = async (page, id) => (await t.callApi(page, 'GET', '/api/notifications')).json.notifications.find((n) => n.id === id)?.read
  // Reminders keep falling due while the checks run (the monitor is live), so compare the badge
  // with the server's count rather than with a fixed number.
  const badgeFollows = async (page) => {
    for (let i = 0; i < 20; i++) {
      if ((await unreadShown(page)) === (await unreadOnServer(page))) return true
      await t.sleep(250)
    }
    return false
  }

  await t.step('inbox: the demo reminders are listed; keyboard marks read and opens the case; mark all read clears the badge', async () => {
    const p = await t.newPage()
    await t.signIn(p, 'housing')
    const inbox = (await t.callApi(p, 'GET', '/api/notifications')).json
    t.assert(inbox.unread >= 2, `housing should have unread reminders in the demo office, has ${inbox.unread}`)
    t.assert(await badgeFollows(p), 'the badge does not show the unread count')

    await p.click('[data-test="nav-inbox"]')
    await p.waitForSelector('[data-test="inbox-list"] .zb-note')
    t.assert((await p.locator('.zb-note').count()) === inbox.notifications.length, 'not every notification is listed')
    const text = await p.textContent('[data-test="inbox-list"]')
    t.assert(text.includes(inbox.notifications[0].title), 'the newest notification’s title is missing')
    t.assert(/催办提醒|超期提醒|超期督办/.test(text), 'no kind label in Chinese')
    await t.shot(p, '12-inbox')

    // Unread only; ↓ selects the first, R marks it read, Enter opens the next one's case.
    await p.locator('[data-test="inbox-filter"] label', { hasText: '未读' }).click()
    await p.locator('[data-test="inbox-list"]').focus()
    await p.keyboard.press('ArrowDown')
    const first = Number(await p.getAttribute('.zb-note.zb-row-active', 'data-id'))
    await p.keyboard.press('r')
    await p.waitForSelector(`.zb-note[data-id="${first}"]`, { state: 'detached' })
    t.assert(await isRead(p, first), 'R did not mark the notification read on the server')
    t.assert(await badgeFollows(p), 'the badge does not show the server’s unread count')
    const active = Number(await p.getAttribute('.zb-note.zb-row-active', 'data-id'))
    const target = inbox.notifications.find((n) => n.id === active)
    t.assert(target && target.id !== first && target.case_id, 'the highlight did not move to the next unread notification with a case')
    await p.keyboard.press('Enter')
    await p.waitForURL(new RegExp(`/cases/${target.case_id}$`))
    await p.waitForSelector('[data-test="case-state"]')
    t.assert(await isRead(p, target.id), 'opening a notification did not mark it read')
    t.assert(await badgeFollows(p), 'the badge did not follow')

    await p.click('[data-test="inbox-badge"]')
    await p.waitForSelector('[data-test="inbox-list"] .zb-note')
    await p.click('[data-test="mark-all-read"]')
    await p.waitForSelector('[data-test="inbox-badge"][data-unread="0"]')
    const after = (await t.callApi(p, 'GET', '/api/notifications')).json.notifications
    t.assert(after.every((n) => n.read || !inbox.notifications.some((o) => o.id === n.id)), 'mark all read left unread notifications')
    t.assert((await p.locator('.zb-note[data-read="0"]').count()) === 0, 'a notification is still shown unread')
    await p.waitForSelector('.zb-inbox-badge .el-badge__content', { state: 'hidden' })
    await p.context().close()
  })

  await t.step('inbox: a reminder raised while the page is open reaches the badge without a reload', async () => {
    const unitPage = await t.newPage()
    await t.signIn(unitPage, 'transport')
    await t.callApi(unitPage, 'POST', '/api/notifications/read-all')
    await unitPage.reload()
    await unitPage.waitForSelector('[data-test="inbox-badge"][data-unread="0"]')

    const office = await t.newPage()
    await t.signIn(office, 'clerk_sun')
    const users = (await t.callApi(office, 'GET', '/api/users')).json.users
    const units = (await t.callApi(office, 'GET', '/api/units')).json.units
    const created = await t.callApi(office, 'POST', '/api/cases', {
      kind: 'assignment',
      title: 'e2e 通知提醒的实时更新',
      fields: { leader_id: users.find((u) => u.username === 'mayor').id, content: '请交通局马上办' },
    })
    t.assert(created.status === 201, 'create: ' + JSON.stringify(created.json))
    const due = new Date(Math.ceil((Date.now() + 6000) / 1000) * 1000).toISOString().replace('.000Z', 'Z')
    const assigned = await t.callApi(office, 'POST', `/api/cases/${created.json.id}/actions`, {
      action: 'assign',
      expected_version: created.json.version,
      lead_unit_id: units.find((u) => u.name.includes('交通')).id,
      due_at: due,
    })
    t.assert(assigned.status === 200, 'assign: ' + JSON.stringify(assigned.json))
    // The time-limit monitor raises the overdue reminder at the due instant; the badge polls.
    await unitPage.waitForFunction(() => Number(document.querySelector('[data-test="inbox-badge"]')?.getAttribute('data-unread')) > 0, null, { timeout: 60000 })
    const inbox = (await t.callApi(unitPage, 'GET', '/api/notifications')).json
    t.assert(inbox.notifications.some((n) => n.case_id === created.json.id), 'the new reminder is not about the new case')
    await t.shot(unitPage, '13-inbox-badge')
    await unitPage.context().close()
    await office.context().close()
  })

  await t.step('working calendar: the year from the server, holidays and 调休, month view and keys', async () => {
    const p = await t.newPage()
    await t.signIn(p, 'clerk_sun')
    const cal = (await t.callApi(p, 'GET', '/api/calendar')).json
    await p.click('[data-test="nav-calendar"]')
    await p.waitForSelector('[data-test="calendar-year-view"] .zb-day')
    t.assert((await p.locator('[data-test="calendar-year-view"] .zb-day').count()) === cal.days.length, 'not every day is shown')
    for (const type of ['holiday', 'adjusted_working_day', 'weekend', 'working_day']) {
      const day = cal.days.find((d) => d.type === type)
      t.assert(day, `no ${type} in ${cal.year}`)
      const shown = await p.getAttribute(`[data-test="calendar-year-view"] .zb-day[data-date="${day.date}"]`, 'data-type')
      t.assert(shown === type, `${day.date} is shown as ${shown}, the server says ${type}`)
    }
    const stat = await p.textContent('[data-test="calendar-working-days"]')
    t.assert(stat.includes(String(cal.working_days)), 'working days: ' + stat)
    const holidays = await p.textContent('[data-test="calendar-holidays"]')
    const named = cal.days.find((d) => d.type === 'holiday' && d.name)
    t.assert(holidays.includes(named.name), 'the holiday list lacks ' + named.name)
    await t.shot(p, '14-calendar-year')

    // ← shows the previous year, T comes back.
    await p.keyboard.press('ArrowLeft')
    await p.waitForSelector(`[data-test="calendar-year-view"] .zb-day[data-date="${cal.year - 1}-01-01"]`)
    await p.keyboard.press('t')
    await p.waitForSelector(`[data-test="calendar-year-view"] .zb-day[data-date="${cal.year}-01-01"]`)

    // A month: pick October from the year view.
    await p.locator('.zb-month[data-month="10"] .zb-month-name').click()
    await p.waitForSelector('[data-test="calendar-month-view"] .zb-day')
    t.assert((await p.locator('[data-test="calendar-month-view"] .zb-day').count()) === 31, 'October has 31 days')
    await p.keyboard.press('ArrowRight')
    await p.waitForSelector(`[data-test="calendar-month-view"] .zb-day[data-date="${cal.year}-11-30"]`)
    await t.shot(p, '15-calendar-month')
    await p.context().close()

    const wide = await t.newPage(1920, 1080)
    await t.signIn(wide, 'admin')
    await wide.click('[data-test="nav-calendar"]')
    await wide.waitForSelector('[data-test="calendar-year-view"] .zb-day')
    await t.shot(wide, '16-calendar-1920')
    await wide.context().close()
  })
}
