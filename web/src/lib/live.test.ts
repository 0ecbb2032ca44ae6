import { afterEach, describe, expect, it, vi } from 'vitest'
import { LiveUpdates } from './live'

class FakeSource {
  static all: FakeSource[] = []
  onopen: ((ev: Event) => unknown) | null = null
  onerror: ((ev: Event) => unknown) | null = null
  readyState = 0
  listeners = new Map<string, (ev: MessageEvent) => void>()
  closed = false
  constructor(public url: string) {
    FakeSource.all.push(this)
  }
  addEventListener(type: string, fn: (ev: MessageEvent) => void) {
    this.listeners.set(type, fn)
  }
  close() {
    this.closed = true
  }
  emit(type: string, data: unknown) {
    this.listeners.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data) }))
  }
}

afterEach(() => {
  vi.useRealTimers()
  FakeSource.all = []
})

describe('live updates', () => {
  it('delivers cases, shows a lost connection and reconnects', () => {
    vi.useFakeTimers()
    const live = new LiveUpdates('/api/events', (u) => new FakeSource(u))
    const got: number[] = []
    live.subscribe((_t, c) => got.push(c.id))
    live.start()
    const first = FakeSource.all[0]!
    first.onopen?.(new Event('open'))
    first.emit('case.updated', { id: 7 })
    expect(got).toEqual([7])
    expect(live.connected.value).toBe(true)

    first.readyState = 2
    first.onerror?.(new Event('error'))
    expect(live.connected.value).toBe(false)
    expect(first.closed).toBe(true)
    vi.advanceTimersByTime(1000)
    const second = FakeSource.all[1]!
    expect(second).toBeDefined()
    second.onopen?.(new Event('open'))
    expect(live.connected.value).toBe(true)
    second.emit('case.created', { id: 8 })
    expect(got).toEqual([7, 8])
    live.stop()
    expect(second.closed).toBe(true)
  })
})
