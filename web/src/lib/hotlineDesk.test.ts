import { describe, expect, it } from 'vitest'
import { cascaderValue, deskIntent, deskTicket, emptyDeskForm, lookupDigits, missingDeskFields } from './hotlineDesk'

const input = { tag: 'INPUT', inPicker: false, pickerOpen: false }
const area = { tag: 'TEXTAREA', inPicker: false, pickerOpen: false }
const picker = { tag: 'INPUT', inPicker: true, pickerOpen: true }

describe('deskIntent', () => {
  it('submits on Enter in a text box and on Ctrl+Enter anywhere', () => {
    expect(deskIntent({ key: 'Enter' }, input)).toBe('submit')
    expect(deskIntent({ key: 'Enter' }, area)).toBe(null)
    expect(deskIntent({ key: 'Enter', ctrlKey: true }, area)).toBe('submit')
    expect(deskIntent({ key: 'Enter' }, picker)).toBe(null)
    expect(deskIntent({ key: 'Enter', ctrlKey: true }, picker)).toBe('submit')
    expect(deskIntent({ key: 'Enter', isComposing: true }, input)).toBe(null)
  })
  it('clears on Esc unless a drop-down is open', () => {
    expect(deskIntent({ key: 'Escape' }, input)).toBe('clear')
    expect(deskIntent({ key: 'Escape' }, picker)).toBe(null)
  })
  it('merges on Alt+M and accepts the suggestion on Alt+A', () => {
    expect(deskIntent({ key: 'm', altKey: true }, area)).toBe('merge')
    expect(deskIntent({ key: 'a', altKey: true }, input)).toBe('accept')
    expect(deskIntent({ key: 'm' }, input)).toBe(null)
  })
})

describe('the ticket a form registers', () => {
  it('keeps what was typed, trimmed, and leaves out empty fields', () => {
    const f = emptyDeskForm()
    f.phone = ' 138 0731 0001 '
    f.title = ' 路灯不亮 '
    f.content = '东风小区路灯坏了'
    f.category = cascaderValue('城乡建设/城市建设和市政管理/路灯管理')
    f.urgency = 'urgent'
    const t = deskTicket(f)
    expect(t.title).toBe('路灯不亮')
    expect(t.urgency).toBe('urgent')
    expect(t.fields).toEqual({
      channel: 'phone',
      request_type: 'complaint',
      content: '东风小区路灯坏了',
      confidential: false,
      phone: '138 0731 0001',
      category: '城乡建设/城市建设和市政管理/路灯管理',
    })
  })
  it('names what is missing; an inquiry needs an answer or a unit', () => {
    const f = emptyDeskForm()
    expect(missingDeskFields(f)).toEqual(['hotline.title', 'hotline.content'])
    f.title = '咨询'
    f.content = '社保怎么转'
    f.request_type = 'inquiry'
    expect(missingDeskFields(f)).toEqual(['hotline.answerOrUnit'])
    f.answer = '可在网上办理'
    expect(missingDeskFields(f)).toEqual([])
  })
})

describe('helpers', () => {
  it('looks up callers from seven digits', () => {
    expect(lookupDigits('138-07')).toBe(null)
    expect(lookupDigits('138-0731')).toBe('1380731')
  })
  it('gives the cascader every level of a path', () => {
    expect(cascaderValue('')).toEqual([])
    expect(cascaderValue('甲/乙/丙')).toEqual(['甲', '甲/乙', '甲/乙/丙'])
  })
})
