// The workbench's to-do list: the open cases of my units and the open cases I registered, merged
// and ordered by urgency. Whether a live update belongs to it follows the same two queries.
import type { CaseSummary, User } from '../api/types'
import { sortByUrgency } from './light'

export function belongsToTodos(c: CaseSummary, me: User): boolean {
  if (c.closed_at) return false
  if (c.created_by === me.id) return true
  const units = new Set(me.unit_ids)
  if (c.lead_unit_id != null && units.has(c.lead_unit_id)) return true
  return c.co_unit_ids.some((u) => units.has(u))
}

export function mergeTodos(...lists: CaseSummary[][]): CaseSummary[] {
  const byId = new Map<number, CaseSummary>()
  for (const list of lists) for (const c of list) byId.set(c.id, c)
  return sortByUrgency([...byId.values()])
}
