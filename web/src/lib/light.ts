// Ordering and counting cases by their light (red: overdue, yellow: near the limit, green: on
// time). The light itself comes from the server; this only sorts what it says.
import type { CaseSummary, Light } from '../api/types'

const rank: Record<Light, number> = { red: 0, yellow: 1, green: 2, '': 3 }

function dueKey(c: Pick<CaseSummary, 'due_at'>): number {
  if (!c.due_at) return Number.POSITIVE_INFINITY
  const t = Date.parse(c.due_at)
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t
}

/** Red before yellow before green before cases without a time limit; then the earliest due. */
export function compareByUrgency(
  a: Pick<CaseSummary, 'light' | 'due_at' | 'id'>,
  b: Pick<CaseSummary, 'light' | 'due_at' | 'id'>,
): number {
  const byLight = (rank[a.light] ?? 3) - (rank[b.light] ?? 3)
  if (byLight !== 0) return byLight
  const da = dueKey(a)
  const db = dueKey(b)
  if (da !== db) return da < db ? -1 : 1
  return a.id - b.id
}

export function sortByUrgency<T extends Pick<CaseSummary, 'light' | 'due_at' | 'id'>>(
  cases: T[],
): T[] {
  return [...cases].sort(compareByUrgency)
}

export interface LightCounts {
  red: number
  yellow: number
  green: number
}

export function countLights(cases: Pick<CaseSummary, 'light'>[]): LightCounts {
  const out: LightCounts = { red: 0, yellow: 0, green: 0 }
  for (const c of cases) {
    if (c.light === 'red' || c.light === 'yellow' || c.light === 'green') out[c.light]++
  }
  return out
}

/**
 * Merges a live update into a to-do list: replaces the case with the same id, adds a new one if
 * `keep` says it belongs, drops it if it no longer does; the result is in urgency order.
 */
export function mergeCase<T extends Pick<CaseSummary, 'light' | 'due_at' | 'id'>>(
  list: T[],
  updated: T,
  keep: boolean,
): T[] {
  const rest = list.filter((c) => c.id !== updated.id)
  if (keep) rest.push(updated)
  return sortByUrgency(rest)
}
