// Laying out the server's working calendar (GET /api/calendar) for display: month grids with
// Monday first, per-month counts, and the year's holidays grouped into periods with their
// adjusted working days (调休). Which day works is the server's answer; nothing is decided here.
import type { CalendarDay } from '../api/types'

export type GridCell = CalendarDay | null

/** Day of the week of a YYYY-MM-DD date, 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7
}

/** The days of `month` (1–12) in weeks of 7 cells, Monday first; null pads the first and last week. */
export function monthGrid(days: CalendarDay[], month: number): GridCell[][] {
  const prefix = `-${String(month).padStart(2, '0')}-`
  const inMonth = days.filter((d) => d.date.slice(4, 8) === prefix)
  if (inMonth.length === 0) return []
  const cells: GridCell[] = Array(weekdayIndex(inMonth[0].date)).fill(null)
  cells.push(...inMonth)
  while (cells.length % 7) cells.push(null)
  const weeks: GridCell[][] = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}

export interface MonthCounts {
  working: number
  off: number
  holidays: number
  adjusted: number
}

export function monthCounts(days: CalendarDay[], month: number): MonthCounts {
  const prefix = `-${String(month).padStart(2, '0')}-`
  const out: MonthCounts = { working: 0, off: 0, holidays: 0, adjusted: 0 }
  for (const d of days) {
    if (d.date.slice(4, 8) !== prefix) continue
    if (d.working) out.working++
    else out.off++
    if (d.type === 'holiday') out.holidays++
    if (d.type === 'adjusted_working_day') out.adjusted++
  }
  return out
}

export interface HolidayPeriod {
  name: string
  from: string
  to: string
  days: number
  /** The adjusted working days (调休) that carry the same name. */
  adjusted: string[]
}

/**
 * The year's holidays as periods: consecutive days off (holidays and the weekends between them)
 * that the data names, in date order, each with the adjusted working days of the same name.
 */
export function holidayPeriods(days: CalendarDay[]): HolidayPeriod[] {
  const periods: HolidayPeriod[] = []
  let current: HolidayPeriod | null = null
  let lastIndex = -2
  days.forEach((d, i) => {
    if (d.type !== 'holiday') return
    const name = d.name ?? ''
    if (current && lastIndex === i - 1 && current.name === name) {
      current.to = d.date
      current.days++
    } else {
      current = { name, from: d.date, to: d.date, days: 1, adjusted: [] }
      periods.push(current)
    }
    lastIndex = i
  })
  for (const d of days) {
    if (d.type !== 'adjusted_working_day' || !d.name) continue
    // The nearest period of that name (a name such as 国庆节 may come back in another year's data).
    const same = periods.filter((p) => p.name === d.name)
    if (same.length === 0) continue
    const distance = (p: HolidayPeriod) => Math.abs(Date.parse(p.from) - Date.parse(d.date))
    same.sort((a, b) => distance(a) - distance(b))
    same[0].adjusted.push(d.date)
  }
  return periods
}
