import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { i18n } from '../i18n'
import { api, ApiError } from '../api/client'
import ActionDialog from './ActionDialog.vue'
import type { AvailableAction, CaseDetail } from '../api/types'

const reply: AvailableAction = {
  action: 'reply',
  label: '反馈',
  label_en: 'Report result',
  reason_required: false,
  text_required: true,
  needs_lead_unit: false,
  asks_due: false,
  on_behalf_of: null,
}

function mountDialog() {
  return mount(ActionDialog, {
    props: { caseId: 12, version: 3, action: reply, units: [] },
    global: { plugins: [createPinia(), i18n] },
    attachTo: document.body,
  })
}

describe('ActionDialog', () => {
  it('acts once on a double click and sends the expected version', async () => {
    let resolve: (c: CaseDetail) => void = () => undefined
    const act = vi.spyOn(api, 'act').mockImplementation(() => new Promise((r) => (resolve = r)))
    const w = mountDialog()
    await flushPromises()
    const textarea = document.body.querySelector('textarea[data-test="text"]') as HTMLTextAreaElement
    textarea.value = '已办结'
    textarea.dispatchEvent(new Event('input'))
    const button = document.body.querySelector('[data-test="action-submit"]') as HTMLButtonElement
    button.click()
    button.click()
    await flushPromises()
    expect(act).toHaveBeenCalledTimes(1)
    expect(act).toHaveBeenCalledWith(12, { action: 'reply', expected_version: 3, text: '已办结' })
    resolve({ id: 12 } as CaseDetail)
    await flushPromises()
    expect(w.emitted('done')).toHaveLength(1)
    w.unmount()
    act.mockRestore()
  })

  it('refuses an empty required reply without calling the server, and shows server errors', async () => {
    const act = vi.spyOn(api, 'act').mockRejectedValue(new ApiError(409, 'conflict', '此件已被他人修改，请刷新', 'changed meanwhile'))
    const w = mountDialog()
    await flushPromises()
    const button = document.body.querySelector('[data-test="action-submit"]') as HTMLButtonElement
    button.click()
    await flushPromises()
    expect(act).not.toHaveBeenCalled()
    expect(document.body.querySelector('[data-test="action-error"]')?.textContent).toContain('必填')

    const textarea = document.body.querySelector('textarea[data-test="text"]') as HTMLTextAreaElement
    textarea.value = '答复'
    textarea.dispatchEvent(new Event('input'))
    button.click()
    await flushPromises()
    expect(document.body.querySelector('[data-test="action-error"]')?.textContent).toContain('此件已被他人修改')
    expect(w.emitted('conflict')).toHaveLength(1)
    w.unmount()
    act.mockRestore()
  })
})
