// The shapes of the JSON API (src/api/json_views.cpp, docs/openapi.yaml).

export type Light = 'red' | 'yellow' | 'green' | ''
/** How a closed case ended against its time limit: by it, after it, or it had none. */
export type Closure = 'on_time' | 'late' | 'closed'

export interface User {
  id: number
  username: string
  display_name: string
  role: string
  role_label: string
  unit_id: number
  unit_name: string
  unit_ids: number[]
  in_office: boolean
  sees_all: boolean
  active?: boolean
}

export interface Session {
  user: User
  csrf_token: string
}

export interface Unit {
  id: number
  code: string
  name: string
  unit_type: string
  parent_id: number | null
  sort: number
}

export interface Role {
  id: string
  label: string
  label_en: string
}

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'datetime'
  | 'enum'
  | 'user'
  | 'unit'
  | 'bool'
  | 'phone'

export interface FieldDef {
  id: string
  label: string
  label_en: string
  type: FieldType
  required: boolean
  options: string[]
}

export interface StateDef {
  id: string
  label: string
  label_en: string
  terminal: boolean
  time_limit: string
  pauses_clock: boolean
}

export interface TransitionDef {
  action: string
  label: string
  label_en: string
  from: string[]
  to: string
  event: string
  roles: string[]
  scopes: string[]
}

export interface Kind {
  kind: string
  label: string
  label_en: string
  initial_state: string
  time_limit: string
  states: StateDef[]
  transitions: TransitionDef[]
  fields: FieldDef[]
}

export type FieldValue = string | number | boolean | null

export interface CaseSummary {
  id: number
  kind: string
  kind_label: string
  state: string
  state_label: string
  state_label_en: string
  title: string
  urgency: string
  lead_unit_id: number | null
  lead_unit_name: string
  co_unit_ids: number[]
  co_unit_names: string[]
  created_by: number
  created_at: string
  updated_at: string
  due_at: string | null
  yellow_at: string | null
  step_due_at: string | null
  closed_at: string | null
  light: Light
  /** A closed case's closure (the server's rule); null while it is open. */
  closure: Closure | null
  /** The current step's own limit (e.g. dispatch within two working hours): red once passed. */
  step_light: Light
  fields: Record<string, FieldValue>
  version: number
  extension_requested_due_at?: string
  calendar_warning?: string
}

export interface CaseEvent {
  id: number
  seq: number
  type: string
  action: string
  actor_id: number
  actor_name: string
  on_behalf_of: number | null
  on_behalf_of_name: string
  at: string
  from_state: string
  to_state: string
  data: Record<string, unknown>
}

export interface Attachment {
  id: number
  sha256: string
  name: string
  content_type: string
  size: number
  uploaded_by: number
  at: string
}

export interface AvailableAction {
  action: string
  label: string
  label_en: string
  reason_required: boolean
  text_required: boolean
  needs_lead_unit: boolean
  asks_due: boolean
  on_behalf_of: number | null
  /** The case's fields this action records from the person taking it (e.g. an answer class). */
  fields?: FieldDef[]
}

export interface CaseDetail extends CaseSummary {
  events: CaseEvent[]
  attachments: Attachment[]
  actions: AvailableAction[]
}

export interface CasePage {
  cases: CaseSummary[]
  next_cursor: string | null
}

export interface CaseFilter {
  kind?: string
  state?: string
  unit?: number
  light?: Exclude<Light, ''>
  due_from?: string
  due_to?: string
  q?: string
  open?: boolean
  scope?: 'mine' | 'unit' | 'all'
  sort?: 'due' | 'created' | 'updated'
  cursor?: string
  limit?: number
}

export interface ActionRequest {
  action: string
  expected_version: number
  reason?: string
  text?: string
  lead_unit_id?: number
  co_unit_ids?: number[]
  due_at?: string
  time_limit?: string
  on_behalf_of?: number
  fields?: Record<string, FieldValue>
}

export interface NewCase {
  kind: string
  title: string
  urgency?: string
  fields: Record<string, FieldValue>
}

export interface Delegation {
  id: number
  leader_id: number
  leader_name: string
  delegate_id: number
  delegate_name: string
  scope: string
  starts_at: string
  ends_at: string | null
  revoked_at: string | null
}

export interface NewUser {
  username: string
  display_name: string
  role: string
  unit_id: number
  password: string
}

export interface CountRow {
  key: string
  label: string
  label_en: string
  count: number
}

export interface UnitRate {
  unit_id: number
  unit_name: string
  total: number
  closed: number
  closed_on_time: number
  overdue_open: number
  close_rate: number
  on_time_rate: number
}

export interface WeekTrend {
  week_start: string
  created: number
  closed: number
}

export interface Dashboard {
  total: number
  open: number
  lights: { red: number; yellow: number; green: number }
  by_kind: CountRow[]
  by_state: (CountRow & { kind: string })[]
  units: UnitRate[]
  overdue: CaseSummary[]
  weeks: WeekTrend[]
}

/** An entry in the user's inbox (GET /api/notifications). */
export interface Notification {
  id: number
  case_id: number | null
  kind: string // reminder | overdue | escalation
  title: string
  body: string
  created_at: string
  read: boolean
}

export interface Inbox {
  notifications: Notification[]
  unread: number
}

export type CalendarDayType = 'working_day' | 'weekend' | 'holiday' | 'adjusted_working_day'

export interface CalendarDay {
  date: string // YYYY-MM-DD
  working: boolean
  type: CalendarDayType
  name?: string
  local?: boolean
}

/** GET /api/calendar: every day of a year on the working calendar. */
export interface CalendarYear {
  year: number
  has_data: boolean
  data_years: number[]
  working_hours: string
  working_days: number
  days: CalendarDay[]
}

export interface ErrorBody {
  error: { code: string; message: string; message_en: string; details: unknown }
}
