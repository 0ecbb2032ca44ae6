import { describe, expect, it, vi } from 'vitest'
import { isSubmitKey, submitKeys } from './formKeys'

function field(html: string): HTMLElement {
  const form = document.createElement('form')
  form.innerHTML = html
  document.body.appendChild(form)
  return form.querySelector('[data-t]') as HTMLElement
}

function key(target: HTMLElement, init: KeyboardEventInit = {}): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init })
  Object.defineProperty(e, 'target', { value: target })
  return e
}

describe('isSubmitKey', () => {
  it('submits on Enter in a one-line field, and on Ctrl+Enter or ⌘+Enter anywhere', () => {
    const text = field('<input data-t type="text">')
    const area = field('<textarea data-t></textarea>')
    const inSelect = field('<div class="el-select"><input data-t></div>')
    expect(isSubmitKey(key(text))).toBe(true)
    expect(isSubmitKey(key(field('<input data-t type="password">')))).toBe(true)
    expect(isSubmitKey(key(area, { ctrlKey: true }))).toBe(true)
    expect(isSubmitKey(key(inSelect, { ctrlKey: true }))).toBe(true)
    expect(isSubmitKey(key(text, { metaKey: true }))).toBe(true)
  })

  it('leaves Enter to textareas, pickers, radios and buttons', () => {
    expect(isSubmitKey(key(field('<textarea data-t></textarea>')))).toBe(false)
    expect(isSubmitKey(key(field('<div class="el-select"><input data-t></div>')))).toBe(false)
    expect(isSubmitKey(key(field('<div class="el-date-editor"><input data-t></div>')))).toBe(false)
    expect(isSubmitKey(key(field('<input data-t type="radio">')))).toBe(false)
    expect(isSubmitKey(key(field('<button data-t>x</button>')))).toBe(false)
    expect(isSubmitKey(key(field('<input data-t>'), { shiftKey: true }))).toBe(false)
  })

  it('ignores other keys and Enter while an input method is composing', () => {
    const text = field('<input data-t>')
    expect(isSubmitKey(key(text, { key: 'a' }))).toBe(false)
    expect(isSubmitKey(key(text, { isComposing: true }))).toBe(false)
  })
})

describe('submitKeys', () => {
  it('calls submit once and stops the key from reaching the form or a widget', () => {
    const submit = vi.fn()
    const onKey = submitKeys(submit)
    const e = key(field('<input data-t>'))
    onKey(e)
    expect(submit).toHaveBeenCalledTimes(1)
    expect(e.defaultPrevented).toBe(true)
    const other = key(field('<textarea data-t></textarea>'))
    onKey(other)
    expect(submit).toHaveBeenCalledTimes(1)
    expect(other.defaultPrevented).toBe(false)
  })
})
