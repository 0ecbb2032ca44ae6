// The supervision routes (/api/supervision/*, src/api/supervision_api.cpp): instructions and their
// roll-up, on-time statistics, the proposal session board and import, the key-programme tree and
// reports, the monthly bulletin, the ledgers.
import { api, queryString } from './client'
import type { CaseSummary } from './types'

export interface RollUpCounts {
  total: number
  closed: number
  open: number
  overdue: number
  all_closed: boolean
}
export interface Instruction extends CaseSummary {
  roll_up?: RollUpCounts
}
export interface RollUp extends RollUpCounts {
  parent_id: number
  instruction: CaseSummary
  part_cases: CaseSummary[]
}

export interface ProposalRollUp extends RollUpCounts {
  parent_id: number
  proposal: CaseSummary
  part_cases: CaseSummary[]
}

export interface OnTime {
  unit_id: number | null
  unit_name?: string
  rank?: number
  closed: number
  closed_on_time: number
  closed_early: number
  open: number
  overdue: number
  on_time_rate: number | null
  early_rate: number | null
}
export interface OnTimeReport {
  kind: string
  from: string
  to: string
  units_ranked: number
  total: OnTime
  by_unit: OnTime[]
}

export interface BoardRow {
  unit_id: number | null
  unit_name?: string
  total: number
  unassigned: number
  in_hand: number
  replied: number
  closed: number
  remaining: number
  overdue: number
  answer_class: Record<string, number>
  satisfaction: Record<string, number>
}
export interface SessionBoard {
  kind: string
  session: string
  sessions: string[]
  total: BoardRow
  by_unit: BoardRow[]
  missing_opinions?: { case_id: number; co_unit_id: number; co_unit_name: string; due_at: string }[]
}
export interface ImportProblem {
  line: number
  message: string
  message_en: string
}
export interface ImportReport {
  rows: number
  imported: number
  assigned: number
  dry_run: boolean
  problems: ImportProblem[]
  ids: number[]
}

export interface ProjectNode extends CaseSummary {
  children: ProjectNode[]
}
export interface MissingReport {
  case_id: number
  title: string
  unit_id: number | null
  unit_name: string
  period: string
  due: string
  last_period: string
}

export interface BulletinTable {
  header: string[]
  rows: string[][]
}
export interface BulletinSection {
  heading: string
  paragraphs: string[]
  table: BulletinTable | null
}
export interface BulletinDocument {
  issuer: string
  title: string
  number: string
  recipients: string
  month: string
  signature: string
  date: string
  sections: BulletinSection[]
}
export interface BulletinSummary {
  id: number
  title: string
  month: string
  number: string
  state: 'draft' | 'issued'
  state_label: string
  state_label_en: string
  created_at: string
  issued_at: string | null
  version: number
}
export interface Bulletin extends BulletinSummary {
  document: BulletinDocument
  actions: string[]
}

export type ProposalKind = 'deputy_suggestion' | 'cppcc_proposal'
export const ledgerKinds = ['instruction', 'assignment', 'deputy_suggestion', 'cppcc_proposal', 'key_project'] as const

export const supervision = {
  instructions() {
    return api.request<{ instructions: Instruction[] }>('GET', '/api/supervision/instructions').then((r) => r.instructions)
  },
  rollUp(id: number) {
    return api.request<RollUp>('GET', `/api/supervision/instructions/${id}/roll-up`)
  },
  split(id: number, unit_ids: number[], time_limit?: string) {
    return api.request<{ part_ids: number[] }>('POST', `/api/supervision/instructions/${id}/split`, { unit_ids, time_limit })
  },
  onTime(f: { kind: string; from?: string; to?: string }) {
    return api.request<OnTimeReport>('GET', '/api/supervision/on-time' + queryString(f))
  },
  board(kind: ProposalKind, session?: string) {
    return api.request<SessionBoard>('GET', '/api/supervision/proposals/board' + queryString({ kind, session }))
  },
  importProposals(kind: ProposalKind, session: string, file: Blob, dryRun: boolean) {
    return api.request<ImportReport>(
      'POST',
      '/api/supervision/proposals/import' + queryString({ kind, session, dry_run: dryRun }),
      undefined,
      file,
    )
  },
  splitProposal(id: number, unit_ids: number[], time_limit?: string) {
    return api.request<{ part_ids: number[] }>('POST', `/api/supervision/proposals/${id}/split`, { unit_ids, time_limit })
  },
  proposalRollUp(id: number) {
    return api.request<ProposalRollUp>('GET', `/api/supervision/proposals/${id}/roll-up`)
  },
  projects() {
    return api.request<{ programmes: ProjectNode[] }>('GET', '/api/supervision/key-projects').then((r) => r.programmes)
  },
  missingReports() {
    return api.request<{ missing: MissingReport[] }>('GET', '/api/supervision/key-projects/missing-reports').then((r) => r.missing)
  },
  urge() {
    return api.request<{ urged: number }>('POST', '/api/supervision/key-projects/urge', {})
  },
  report(id: number, r: { period: string; percent: number; actual_value?: number; text: string }) {
    return api.request<CaseSummary>('POST', `/api/supervision/key-projects/${id}/reports`, r)
  },
  bulletins() {
    return api.request<{ bulletins: BulletinSummary[] }>('GET', '/api/supervision/bulletins').then((r) => r.bulletins)
  },
  bulletin(id: number) {
    return api.request<Bulletin>('GET', `/api/supervision/bulletins/${id}`)
  },
  generateBulletin(month: string) {
    return api.request<Bulletin>('POST', '/api/supervision/bulletins', { month })
  },
  saveBulletin(id: number, document: BulletinDocument, expected_version: number) {
    return api.request<Bulletin>('PUT', `/api/supervision/bulletins/${id}`, { document, expected_version })
  },
  issueBulletin(id: number, expected_version: number) {
    return api.request<Bulletin>('POST', `/api/supervision/bulletins/${id}/issue`, { expected_version })
  },
  docxUrl(id: number): string {
    return `/api/supervision/bulletins/${id}/docx`
  },
  pdfUrl(id: number): string {
    return `/api/supervision/bulletins/${id}/pdf`
  },
  ledgerUrl(kind: string): string {
    return `/api/supervision/ledgers/${kind}`
  },
}
