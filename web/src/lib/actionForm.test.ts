import { describe, expect, it } from 'vitest'
import { buildActionRequest, emptyActionForm, missingInputs } from './actionForm'
import type { AvailableAction } from '../api/types'

const action = (over: Partial<AvailableAction>): AvailableAction => ({
  action: 'x',
  label: 'X',
  label_en: 'X',
  reason_required: false,
  text_required: false,
  needs_lead_unit: false,
  asks_due: false,
  on_behalf_of: null,
  ...over,
})

describe('the action form', () => {
  it('asks for exactly what the flags require', () => {
    const f = emptyActionForm()
    expect(missingInputs(action({}), f)).toEqual([])
    expect(missingInputs(action({ reason_required: true, text_required: true, needs_lead_unit: true }), f)).toEqual([
      'action.reason',
      'action.text',
      'action.leadUnit',
    ])
    f.dueMode = 'date'
    expect(missingInputs(action({ asks_due: true }), f)).toEqual(['action.dueAt'])
    f.dueMode = 'expression'
    f.timeLimit = '  '
    expect(missingInputs(action({ asks_due: true }), f)).toEqual(['action.timeLimit'])
  })

  it('builds an assignment with the version, units and a time limit', () => {
    const f = { ...emptyActionForm(), leadUnitId: 5, coUnitIds: [5, 7, 8], dueMode: 'expression' as const, timeLimit: '3 working days', text: ' 请办理 ' }
    expect(buildActionRequest(action({ action: 'assign', needs_lead_unit: true, asks_due: true }), f, 4)).toEqual({
      action: 'assign',
      expected_version: 4,
      text: '请办理',
      lead_unit_id: 5,
      co_unit_ids: [7, 8],
      time_limit: '3 working days',
    })
  })

  it('sends a picked date as China time and names the leader under a delegation', () => {
    const f = { ...emptyActionForm(), dueMode: 'date' as const, dueAt: '2026-03-20 17:30', reason: '需要会商' }
    expect(buildActionRequest(action({ action: 'request_extension', asks_due: true, reason_required: true, on_behalf_of: 3 }), f, 7)).toEqual({
      action: 'request_extension',
      expected_version: 7,
      reason: '需要会商',
      due_at: '2026-03-20T17:30:00+08:00',
      on_behalf_of: 3,
    })
  })

  it('leaves out what the action does not take', () => {
    const f = { ...emptyActionForm(), leadUnitId: 5, dueMode: 'date' as const, dueAt: '2026-03-20 17:30' }
    expect(buildActionRequest(action({ action: 'accept' }), f, 2)).toEqual({ action: 'accept', expected_version: 2 })
  })

  it('asks for the fields an action records and sends them trimmed', () => {
    const answerClass = { id: 'answer_class', label: '答复类别', label_en: 'Answer class', type: 'enum' as const, required: true, options: ['A', 'B', 'C', 'D'] }
    const a = action({ action: 'reply', text_required: true, fields: [answerClass] })
    const f = { ...emptyActionForm(), text: '已解决' }
    expect(missingInputs(a, f)).toEqual(['answer_class'])
    f.fields = { answer_class: 'A', stray: 'x' }
    expect(missingInputs(a, f)).toEqual([])
    expect(buildActionRequest(a, f, 3)).toEqual({ action: 'reply', expected_version: 3, text: '已解决', fields: { answer_class: 'A' } })
  })
})
