// Hotline insight (/api/insight/*, src/api/insight_api.cpp): stored runs, the current findings
// with their evidence, a run on demand, a finding turned into a leader's instruction or an
// assigned matter, and the leaders' report as .docx or .pdf.
import { api, queryString } from './client'

export type FindingType = 'hot_issue' | 'emerging' | 'trending' | 'periodic'
export type FindingStatus = 'new' | 'continuing' | 'subsided'
export const findingTypes: FindingType[] = ['hot_issue', 'emerging', 'trending', 'periodic']

export interface RunNote {
  message: string
  message_en: string
}

export interface InsightRun {
  id: number
  kind: 'daily' | 'weekly' | 'monthly' | 'on_demand'
  from: string
  to: string
  actor: { id: number; name: string }
  started_at: string
  finished_at: string
  seconds: number
  tickets: number
  status: string
  source: 'hotline' | 'synthetic'
  notes: RunNote[]
}

export interface TicketRef {
  number: string
  title: string
  date: string
  case_id: number | null
}

export interface Evidence {
  place?: string
  district?: string
  keywords?: string[]
  first_date?: string
  last_date?: string
  tickets?: number
  callers?: number
  observed?: number
  expected?: number
  never_seen?: boolean
  direction?: 'rising' | 'falling'
  period?: 'year' | 'week'
  peak_month?: number
  next_peak?: string
  daily?: { date: string; count: number }[]
  weekly?: { week_end: string; count: number }[]
  monthly?: { month: string; count: number }[]
  representative?: TicketRef[]
}

export interface Finding {
  id: number
  run_id: number
  rank: number
  type: FindingType
  key: string
  status: FindingStatus
  title: string
  score: number
  previous_score: number | null
  evidence: Evidence
  evidence_ok: boolean
  summary: string
  case_id: number | null
  case: { id: number; kind: string; state: string; title: string; light: string; closed: boolean } | null
}

export interface CurrentFindings {
  run: InsightRun | null
  findings: Finding[]
  warning?: RunNote
}

export interface ToCaseRequest {
  as: 'instruction' | 'assignment'
  leader_id?: number
  unit_id?: number
  time_limit?: string
}

export const insight = {
  findings(run?: number) {
    return api.request<CurrentFindings>('GET', `/api/insight/findings${queryString({ run })}`)
  },
  runs() {
    return api.request<{ runs: InsightRun[] }>('GET', '/api/insight/runs').then((r) => r.runs)
  },
  run(from: string, to: string, kind = 'on_demand') {
    return api.request<CurrentFindings>('POST', '/api/insight/runs', { from, to, kind })
  },
  toCase(id: number, req: ToCaseRequest) {
    return api.request<{ case_id: number; finding: Finding }>('POST', `/api/insight/findings/${id}/case`, req)
  },
  reportUrl(period: 'week' | 'month', format: 'docx' | 'pdf', run?: number) {
    return `/api/insight/report${queryString({ period, format, run })}`
  },
}
