import { describe, expect, it } from 'vitest'
import { compareByUrgency, countLights, mergeCase, sortByUrgency } from './light'
import type { Light } from '../api/types'

const c = (id: number, light: Light, due: string | null) => ({ id, light, due_at: due })

describe('urgency order', () => {
  it('puts red before yellow before green before no limit, then the earliest due', () => {
    const sorted = sortByUrgency([
      c(1, 'green', '2026-03-01T10:00:00+08:00'),
      c(2, '', null),
      c(3, 'red', '2026-02-20T10:00:00+08:00'),
      c(4, 'yellow', '2026-02-25T10:00:00+08:00'),
      c(5, 'red', '2026-02-10T10:00:00+08:00'),
      c(6, 'green', '2026-02-28T10:00:00+08:00'),
    ])
    expect(sorted.map((x) => x.id)).toEqual([5, 3, 4, 6, 1, 2])
  })
  it('compares due instants, not strings, across offsets', () => {
    const a = c(1, 'red', '2026-02-20T02:00:00Z') // 10:00 China time
    const b = c(2, 'red', '2026-02-20T09:00:00+08:00')
    expect(compareByUrgency(a, b)).toBeGreaterThan(0)
  })
  it('breaks ties by id and does not mutate its input', () => {
    const input = [c(9, 'red', null), c(2, 'red', null)]
    expect(sortByUrgency(input).map((x) => x.id)).toEqual([2, 9])
    expect(input[0]!.id).toBe(9)
  })
})

describe('counts and live merges', () => {
  it('counts each light', () => {
    expect(countLights([c(1, 'red', null), c(2, 'red', null), c(3, 'green', null), c(4, '', null)])).toEqual({ red: 2, yellow: 0, green: 1 })
  })
  it('replaces, adds and drops a case and keeps the order', () => {
    const list = [c(1, 'red', '2026-02-01T00:00:00Z'), c(2, 'green', '2026-03-01T00:00:00Z')]
    expect(mergeCase(list, c(2, 'red', '2026-01-01T00:00:00Z'), true).map((x) => x.id)).toEqual([2, 1])
    expect(mergeCase(list, c(3, 'yellow', null), true).map((x) => x.id)).toEqual([1, 3, 2])
    expect(mergeCase(list, c(1, '', null), false).map((x) => x.id)).toEqual([2])
  })
})
