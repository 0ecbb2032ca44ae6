// The hotline desk's routes (/api/hotline/*, src/api/hotline_*.cpp): categories, caller history,
// dispatch suggestions with near-duplicate tickets, merging, the callback and returned queues,
// KPIs and their Excel report.
import { api, queryString } from './client'
import type { CaseSummary } from './types'

export interface HotlineCategory {
  code: string
  name: string
  path: string
  level: number
  children: HotlineCategory[]
}

export interface Caller {
  case_id: number
  name: string
  phone: string
  confidential: boolean
}

export interface Ticket extends CaseSummary {
  callers: Caller[]
}

export interface DuplicateTicket extends Ticket {
  similarity: number
  repeat: boolean
}

export interface Suggestion {
  source: 'model' | 'rules'
  category: { path: string; code: string | null; confidence: number } | null
  unit: { id: number; code: string; name: string; confidence: number } | null
  model: { trained_at: string | null; examples: number }
  duplicates: DuplicateTicket[]
}

export interface CallbackTicket extends Ticket {
  reply: { text: string; at: string; by: string; unit: string } | null
  failed_attempts: number
}

export interface ReturnedTicket extends Ticket {
  return: { reason: string; at: string; by: string; unit_id: number | null; unit: string } | null
  returned_by_units: string[]
}

export interface HotlineKpis {
  received: number
  merged: number
  closed: number
  closed_on_time: number
  dispatched: number
  returned: number
  replied: number
  called_back: number
  reached: number
  satisfied: number
  basically_satisfied: number
  dissatisfied: number
  unreachable: number
  close_rate: number | null
  on_time_rate: number | null
  callback_rate: number | null
  satisfaction_rate: number | null
  return_rate: number | null
  avg_handling_hours: number | null
}

export interface KpiReport {
  from: string
  to: string
  unit: number | null
  kpis: HotlineKpis
  by_unit?: (HotlineKpis & { unit_id: number; unit_name: string })[]
}

export interface ImportRow {
  line: number
  ok: boolean
  title: string
  received_at?: string
  request_type?: string
  closed?: boolean
  reason?: string
  reason_en?: string
}

/** A check (dry run) or an import of historical tickets: counts, rows, the file's columns. */
export interface ImportResult {
  imported: number
  rejected: number
  blank_rows: number
  dry_run: boolean
  rows: ImportRow[]
  rows_truncated: boolean
  headers: string[]
  mapping: Record<string, string>
  targets: string[]
}

export interface ImportOptions {
  dryRun: boolean
  strict?: boolean
  /** Target field -> column header; a recognised target left out is not imported. */
  mapping?: Record<string, string>
}

export interface KpiFilter {
  from?: string
  to?: string
  unit?: number
}

export const hotline = {
  categories() {
    return api
      .request<{ categories: HotlineCategory[] }>('GET', '/api/hotline/categories')
      .then((r) => r.categories)
  },
  callerTickets(phone: string) {
    return api
      .request<{ tickets: Ticket[] }>('GET', `/api/hotline/callers/${encodeURIComponent(phone)}/tickets`)
      .then((r) => r.tickets)
  },
  suggest(title: string, content: string) {
    return api.request<Suggestion>('POST', '/api/hotline/suggestions', { title, content })
  },
  merge(id: number, into: number, reason?: string) {
    return api.request<Ticket>('POST', `/api/hotline/tickets/${id}/merge`, { into, reason })
  },
  callbacks() {
    return api.request<{ tickets: CallbackTicket[] }>('GET', '/api/hotline/callbacks').then((r) => r.tickets)
  },
  returned() {
    return api.request<{ tickets: ReturnedTicket[] }>('GET', '/api/hotline/returned').then((r) => r.tickets)
  },
  kpis(f: KpiFilter) {
    return api.request<KpiReport>('GET', '/api/hotline/kpis' + queryString(f))
  },
  kpiXlsxUrl(f: KpiFilter): string {
    return '/api/hotline/kpis.xlsx' + queryString(f)
  },
  retrain() {
    return api.request<{ examples: number; trained_at: string }>('POST', '/api/hotline/model', {})
  },
  /** Checks (dry run) or imports a .csv / .xlsx file of historical tickets. */
  importTickets(file: File, o: ImportOptions) {
    const q = new URLSearchParams()
    if (o.dryRun) q.set('dry_run', '1')
    if (o.strict) q.set('strict', '1')
    q.set('file', file.name)
    if (o.mapping) {
      // Every target: the chosen column, or empty for "not imported" (overrides recognition).
      for (const target of IMPORT_TARGETS) q.set(`map.${target}`, o.mapping[target] ?? '')
    }
    return api.request<ImportResult>('POST', '/api/hotline/import?' + q.toString(), undefined, file)
  },
}

/** The fields a ticket import fills (hotline::ImportTargets). */
export const IMPORT_TARGETS = [
  'external_id', 'caller_name', 'phone', 'title', 'received_at', 'content', 'category', 'request_type',
  'channel', 'district', 'address', 'votes_up', 'votes_down', 'reply', 'replied_at',
]
