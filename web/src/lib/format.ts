// Instants as the office reads them: China time (UTC+8, no daylight saving).

const offsetMs = 8 * 3600 * 1000

function chinaParts(iso: string): string | null {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return null
  return new Date(t + offsetMs).toISOString() // the China wall clock, labelled as UTC
}

/** "2026-03-05 14:30" */
export function formatMinute(iso: string | null | undefined): string {
  if (!iso) return ''
  const s = chinaParts(iso)
  return s ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : iso
}

/** "2026-03-05" */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const s = chinaParts(iso)
  return s ? s.slice(0, 10) : iso
}

/** A local "YYYY-MM-DD HH:mm" or "YYYY-MM-DD" picked in the interface, as the API's China time. */
export function toApiTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00+08:00`
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(value)
  if (m) return `${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00`
  return value
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Hours until `iso` from `now` (negative when past), for "due in" hints. */
export function hoursUntil(iso: string | null, now: number = Date.now()): number | null {
  if (!iso) return null
  const t = Date.parse(iso)
  return Number.isNaN(t) ? null : (t - now) / 3600000
}

/**
 * A time-limit expression in the canonical form the server stores ("5 working days", "same
 * working day", "by 12-31"; docs/time-limits.md) as the office reads it: "5个工作日", "当日",
 * "12月31日前". English keeps the canonical form; anything else is shown as it is.
 */
export function formatTimeLimit(spec: string | null | undefined, locale: string): string {
  if (!spec) return ''
  const s = spec.trim()
  if (locale.startsWith('en')) return s
  if (/^same working day$/i.test(s)) return '当日'
  if (/^overnight$/i.test(s)) return '连夜'
  const by = /^by (\d{1,2})-(\d{1,2})$/i.exec(s)
  if (by) return `${Number(by[1])}月${Number(by[2])}日前`
  const n = /^(\d+) (working days|working hours|days|months)$/i.exec(s)
  if (!n) return s
  const unit: Record<string, string> = {
    'working days': '个工作日',
    'working hours': '个工作小时',
    days: '天',
    months: '个月',
  }
  return `${n[1]}${unit[n[2].toLowerCase()]}`
}
