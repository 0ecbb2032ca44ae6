// The typed client for the zhengban JSON API: one place for the CSRF header, the error shape and
// the routes. Every failure becomes an ApiError with a Chinese and an English message.
import type {
  ActionRequest,
  CaseDetail,
  CaseFilter,
  CasePage,
  Dashboard,
  Delegation,
  ErrorBody,
  Inbox,
  CalendarYear,
  Kind,
  NewCase,
  NewUser,
  Role,
  Session,
  Unit,
  User,
  Attachment,
} from './types'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly messageZh: string
  readonly messageEn: string
  readonly details: unknown

  constructor(status: number, code: string, zh: string, en: string, details: unknown = null) {
    super(en || zh)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.messageZh = zh
    this.messageEn = en
    this.details = details
  }

  /** The message in the interface's language ("zh-CN" or "en"), falling back to the other. */
  localized(locale: string): string {
    if (locale.startsWith('en')) return this.messageEn || this.messageZh
    return this.messageZh || this.messageEn
  }
}

/** Any thrown value as a readable message in `locale`. */
export function errorMessage(e: unknown, locale: string): string {
  if (e instanceof ApiError) return e.localized(locale)
  if (e instanceof Error && e.message) return e.message
  return locale.startsWith('en') ? 'Something went wrong' : '操作失败'
}

function isErrorBody(v: unknown): v is ErrorBody {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false
  const e = (v as { error: unknown }).error
  return typeof e === 'object' && e !== null && 'code' in e
}

type Fetch = typeof fetch

export interface ClientOptions {
  fetch?: Fetch
  /** Called when the server answers 401 to anything but signing in (the session ended). */
  onUnauthenticated?: () => void
}

export function queryString(params: object): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    if (typeof v === 'boolean') {
      if (v) q.set(k, '1')
      continue
    }
    q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

export class ApiClient {
  private csrf = ''
  private readonly fetchImpl: Fetch
  onUnauthenticated: (() => void) | undefined

  constructor(options: ClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((...a) => fetch(...a))
    this.onUnauthenticated = options.onUnauthenticated
  }

  setCsrf(token: string): void {
    this.csrf = token
  }

  /** Sends one request; resolves with the parsed JSON body, rejects with an ApiError. */
  async request<T>(method: string, path: string, body?: unknown, raw?: Blob): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = this.csrf
    let payload: BodyInit | undefined
    if (raw) {
      payload = raw
      headers['Content-Type'] = raw.type || 'application/octet-stream'
    } else if (body !== undefined) {
      payload = JSON.stringify(body)
      headers['Content-Type'] = 'application/json'
    }
    let res: Response
    try {
      res = await this.fetchImpl(path, {
        method,
        headers,
        body: payload,
        credentials: 'same-origin',
      })
    } catch {
      throw new ApiError(
        0,
        'network',
        '无法连接服务器，请检查网络后重试',
        'Cannot reach the server; check the connection and try again',
      )
    }
    const text = await res.text()
    let json: unknown = null
    if (text) {
      try {
        json = JSON.parse(text)
      } catch {
        json = null
      }
    }
    if (!res.ok) {
      if (res.status === 401 && path !== '/api/session') this.onUnauthenticated?.()
      if (isErrorBody(json)) {
        const e = json.error
        throw new ApiError(res.status, e.code, e.message, e.message_en, e.details)
      }
      throw new ApiError(
        res.status,
        'http_' + res.status,
        `服务器返回错误（${res.status}）`,
        `The server answered with an error (${res.status})`,
      )
    }
    if (json === null && text) {
      throw new ApiError(res.status, 'bad_response', '服务器的应答无法识别', 'Unreadable server response')
    }
    return json as T
  }

  // -- session
  signIn(username: string, password: string) {
    return this.request<Session>('POST', '/api/session', { username, password })
  }
  session() {
    return this.request<Session>('GET', '/api/session')
  }
  signOut() {
    return this.request<{ ok: boolean }>('DELETE', '/api/session')
  }
  changePassword(old_password: string, new_password: string) {
    return this.request<Session>('POST', '/api/password', { old_password, new_password })
  }

  // -- cases
  listCases(filter: CaseFilter) {
    return this.request<CasePage>('GET', '/api/cases' + queryString(filter))
  }
  exportUrl(filter: CaseFilter): string {
    const { cursor: _c, limit: _l, ...rest } = filter
    return '/api/cases/export' + queryString(rest)
  }
  getCase(id: number) {
    return this.request<CaseDetail>('GET', `/api/cases/${id}`)
  }
  createCase(c: NewCase) {
    return this.request<CaseDetail>('POST', '/api/cases', c)
  }
  act(id: number, req: ActionRequest) {
    return this.request<CaseDetail>('POST', `/api/cases/${id}/actions`, req)
  }
  upload(id: number, file: File) {
    return this.request<Attachment>(
      'POST',
      `/api/cases/${id}/attachments` + queryString({ name: file.name }),
      undefined,
      file,
    )
  }
  attachmentUrl(caseId: number, attachmentId: number): string {
    return `/api/cases/${caseId}/attachments/${attachmentId}`
  }

  // -- organisation
  kinds() {
    return this.request<{ kinds: Kind[] }>('GET', '/api/kinds').then((r) => r.kinds)
  }
  units() {
    return this.request<{ units: Unit[] }>('GET', '/api/units').then((r) => r.units)
  }
  roles() {
    return this.request<{ roles: Role[] }>('GET', '/api/roles').then((r) => r.roles)
  }
  users() {
    return this.request<{ users: User[] }>('GET', '/api/users').then((r) => r.users)
  }
  addUser(u: NewUser) {
    return this.request<User>('POST', '/api/users', u)
  }
  delegations() {
    return this.request<{ delegations: Delegation[] }>('GET', '/api/delegations').then(
      (r) => r.delegations,
    )
  }
  addDelegation(d: { leader_id: number; delegate_id: number; scope: string; ends_at?: string }) {
    return this.request<Delegation>('POST', '/api/delegations', d)
  }
  revokeDelegation(id: number) {
    return this.request<{ ok: boolean }>('DELETE', `/api/delegations/${id}`)
  }

  // -- inbox (通知提醒)
  notifications(unreadOnly = false) {
    return this.request<Inbox>('GET', '/api/notifications' + queryString({ unread: unreadOnly }))
  }
  markNotificationRead(id: number) {
    return this.request<{ ok: boolean }>('POST', `/api/notifications/${id}/read`)
  }
  markAllNotificationsRead() {
    return this.request<{ ok: boolean }>('POST', '/api/notifications/read-all')
  }

  // -- working calendar (工作日历)
  calendar(year: number) {
    return this.request<CalendarYear>('GET', '/api/calendar' + queryString({ year }))
  }

  // -- leaders' dashboard
  dashboard() {
    return this.request<Dashboard>('GET', '/api/dashboard')
  }
}

export const api = new ApiClient()
