// The form behind an action button: which inputs the server's flags ask for, the checks that
// only concern completeness, and the request body. The server decides everything else.
import type { ActionRequest, AvailableAction, FieldValue } from '../api/types'
import { toApiTime } from './format'

export type DueMode = 'policy' | 'expression' | 'date'

export interface ActionForm {
  reason: string
  text: string
  leadUnitId: number | null
  coUnitIds: number[]
  dueMode: DueMode
  dueAt: string // "YYYY-MM-DD HH:mm" China time
  timeLimit: string
  fields: Record<string, FieldValue | undefined>
}

export function emptyActionForm(): ActionForm {
  return { reason: '', text: '', leadUnitId: null, coUnitIds: [], dueMode: 'policy', dueAt: '', timeLimit: '', fields: {} }
}

/** The i18n keys of what is missing, in form order. */
export function missingInputs(a: AvailableAction, f: ActionForm): string[] {
  const out: string[] = []
  if (a.reason_required && !f.reason.trim()) out.push('action.reason')
  if (a.text_required && !f.text.trim()) out.push('action.text')
  if (a.needs_lead_unit && f.leadUnitId == null) out.push('action.leadUnit')
  if (a.asks_due && f.dueMode === 'date' && !f.dueAt) out.push('action.dueAt')
  if (a.asks_due && f.dueMode === 'expression' && !f.timeLimit.trim()) out.push('action.timeLimit')
  for (const d of a.fields ?? []) {
    const v = f.fields[d.id]
    if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) out.push(d.id)
  }
  return out
}

export function buildActionRequest(a: AvailableAction, f: ActionForm, version: number): ActionRequest {
  const req: ActionRequest = { action: a.action, expected_version: version }
  if (f.reason.trim()) req.reason = f.reason.trim()
  if (f.text.trim()) req.text = f.text.trim()
  if (a.needs_lead_unit && f.leadUnitId != null) {
    req.lead_unit_id = f.leadUnitId
    req.co_unit_ids = f.coUnitIds.filter((u) => u !== f.leadUnitId)
  }
  if (a.asks_due) {
    if (f.dueMode === 'date' && f.dueAt) req.due_at = toApiTime(f.dueAt)
    if (f.dueMode === 'expression' && f.timeLimit.trim()) req.time_limit = f.timeLimit.trim()
  }
  if (a.on_behalf_of != null) req.on_behalf_of = a.on_behalf_of
  const fields: Record<string, FieldValue> = {}
  for (const d of a.fields ?? []) {
    const v = f.fields[d.id]
    if (v !== undefined && v !== null && v !== '') fields[d.id] = typeof v === 'string' ? v.trim() : v
  }
  if (Object.keys(fields).length) req.fields = fields
  return req
}
