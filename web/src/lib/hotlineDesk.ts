// The operator desk's form logic, kept apart from the screen so it can be tested: what a key
// press means, the ticket a filled form registers, and the cascader's value for a category path.
import type { FieldValue, NewCase } from '../api/types'

export interface DeskForm {
  phone: string
  caller_name: string
  confidential: boolean
  channel: string
  request_type: string
  involved: string
  occurred: string
  address: string
  district: string
  circumstances: string
  title: string
  content: string
  category: string[] // the cascader's value: the path of each level (cascaderValue)
  unit: number | null
  urgency: string
  answer: string
}

export function emptyDeskForm(): DeskForm {
  return {
    phone: '',
    caller_name: '',
    confidential: false,
    channel: 'phone',
    request_type: 'complaint',
    involved: '',
    occurred: '',
    address: '',
    district: '',
    circumstances: '',
    title: '',
    content: '',
    category: [],
    unit: null,
    urgency: '',
    answer: '',
  }
}

export type DeskIntent = 'submit' | 'clear' | 'merge' | 'accept' | null

interface KeyLike {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  isComposing?: boolean
}

/**
 * What a key press on the form means. Ctrl+Enter submits from anywhere; Enter submits from a
 * one-line text box (not a text area, not a drop-down); Esc clears unless a drop-down is open;
 * Alt+M merges the call into the most similar open ticket; Alt+A takes the suggested category
 * and unit.
 */
export function deskIntent(e: KeyLike, target: { tag: string; inPicker: boolean; pickerOpen: boolean }): DeskIntent {
  if (e.isComposing) return null
  if (e.key === 'Enter') {
    if (e.ctrlKey || e.metaKey) return 'submit'
    if (target.tag === 'INPUT' && !target.inPicker) return 'submit'
    return null
  }
  if (e.key === 'Escape') return target.pickerOpen ? null : 'clear'
  if (e.altKey && (e.key === 'm' || e.key === 'M' || e.key === 'µ')) return 'merge'
  if (e.altKey && (e.key === 'a' || e.key === 'A' || e.key === 'å')) return 'accept'
  return null
}

/** Digits of a phone number, enough of them to look up the caller's history (7 or more). */
export function lookupDigits(phone: string): string | null {
  const d = phone.replace(/\D/g, '')
  return d.length >= 7 ? d : null
}

/** The fields that are missing, by their i18n keys. */
export function missingDeskFields(f: DeskForm): string[] {
  const out: string[] = []
  if (!f.title.trim()) out.push('hotline.title')
  if (!f.content.trim()) out.push('hotline.content')
  if (f.request_type === 'inquiry' && f.answer.trim() === '' && f.unit === null) out.push('hotline.answerOrUnit')
  return out
}

/** The ticket a filled form registers (empty fields left out). */
export function deskTicket(f: DeskForm): NewCase {
  const fields: Record<string, FieldValue> = {
    channel: f.channel,
    request_type: f.request_type,
    content: f.content.trim(),
    confidential: f.confidential,
  }
  const text: [keyof DeskForm, string][] = [
    ['phone', 'phone'],
    ['caller_name', 'caller_name'],
    ['involved', 'involved'],
    ['occurred', 'occurred'],
    ['address', 'address'],
    ['district', 'district'],
    ['circumstances', 'circumstances'],
  ]
  for (const [from, to] of text) {
    const v = String(f[from]).trim()
    if (v) fields[to] = v
  }
  if (f.category.length) fields.category = f.category[f.category.length - 1]
  return { kind: 'hotline', title: f.title.trim(), urgency: f.urgency || undefined, fields }
}

/** "城乡建设/安全生产/安全隐患" as the cascader's value (the path of each level). */
export function cascaderValue(path: string): string[] {
  if (!path) return []
  const parts = path.split('/')
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'))
}
