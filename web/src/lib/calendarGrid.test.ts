import { describe, expect, it } from 'vitest'
import type { CalendarDay, CalendarDayType } from '../api/types'
import { holidayPeriods, monthCounts, monthGrid, weekdayIndex } from './calendarGrid'

// A year the way the server sends it, with the weekend rule and a few named days.
function year(y: number, named: Record<string, [CalendarDayType, string]>): CalendarDay[] {
  const out: CalendarDay[] = []
  for (let t = Date.UTC(y, 0, 1); new Date(t).getUTCFullYear() === y; t += 86400000) {
    const date = new Date(t).toISOString().slice(0, 10)
    const weekend = [0, 6].includes(new Date(t).getUTCDay())
    const n = named[date]
    const type: CalendarDayType = n ? n[0] : weekend ? 'weekend' : 'working_day'
    const working = type === 'working_day' || type === 'adjusted_working_day'
    out.push(n ? { date, working, type, name: n[1] } : { date, working, type })
  }
  return out
}

const y2026 = year(2026, {
  '2026-01-01': ['holiday', '元旦'],
  '2026-01-02': ['holiday', '元旦'],
  '2026-01-03': ['holiday', '元旦'],
  '2026-01-04': ['adjusted_working_day', '元旦'],
  '2026-10-01': ['holiday', '国庆节'],
  '2026-10-02': ['holiday', '国庆节'],
  '2026-10-03': ['holiday', '国庆节'],
  '2026-10-10': ['adjusted_working_day', '国庆节'],
  '2026-09-20': ['adjusted_working_day', '国庆节'],
  '2026-09-25': ['holiday', '中秋节'],
})

describe('weekdayIndex', () => {
  it('counts from Monday', () => {
    expect(weekdayIndex('2026-03-02')).toBe(0) // a Monday
    expect(weekdayIndex('2026-01-01')).toBe(3) // a Thursday
    expect(weekdayIndex('2026-03-01')).toBe(6) // a Sunday
  })
})

describe('monthGrid', () => {
  it('starts each month on its weekday, Monday first, and pads the last week', () => {
    const jan = monthGrid(y2026, 1)
    expect(jan).toHaveLength(5)
    expect(jan[0].slice(0, 3)).toEqual([null, null, null])
    expect(jan[0][3]?.date).toBe('2026-01-01')
    expect(jan[0][6]?.date).toBe('2026-01-04')
    expect(jan[4][5]?.date).toBe('2026-01-31')
    expect(jan[4][6]).toBeNull()
    expect(jan.flat().filter(Boolean)).toHaveLength(31)
  })

  it('gives February 2026 four full weeks when it starts on a Sunday', () => {
    const feb = monthGrid(y2026, 2)
    expect(feb[0][6]?.date).toBe('2026-02-01')
    expect(feb.flat().filter(Boolean)).toHaveLength(28)
    expect(feb.every((w) => w.length === 7)).toBe(true)
  })

  it('is empty for a month the data does not have', () => {
    expect(monthGrid([], 5)).toEqual([])
  })
})

describe('monthCounts', () => {
  it('counts working and off days from the server’s answer', () => {
    // 22 weekdays − 2 weekday holidays + 1 Sunday worked; Saturday 3 January is a holiday, not a weekend
    expect(monthCounts(y2026, 1)).toEqual({ working: 21, off: 10, holidays: 3, adjusted: 1 })
    const oct = monthCounts(y2026, 10)
    expect(oct.working + oct.off).toBe(31)
    expect(oct.adjusted).toBe(1)
  })
})

describe('holidayPeriods', () => {
  it('groups consecutive named days off and attaches the adjusted working days', () => {
    const periods = holidayPeriods(y2026)
    expect(periods.map((p) => [p.name, p.from, p.to, p.days])).toEqual([
      ['元旦', '2026-01-01', '2026-01-03', 3],
      ['中秋节', '2026-09-25', '2026-09-25', 1],
      ['国庆节', '2026-10-01', '2026-10-03', 3],
    ])
    expect(periods[0].adjusted).toEqual(['2026-01-04'])
    expect(periods[2].adjusted).toEqual(['2026-09-20', '2026-10-10'])
  })

  it('splits two periods of the same name that are apart', () => {
    const days = year(2026, {
      '2026-05-01': ['holiday', '劳动节'],
      '2026-05-05': ['holiday', '劳动节'],
    })
    expect(holidayPeriods(days).map((p) => p.days)).toEqual([1, 1])
  })
})
