import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { UnreadCounter } from './unread'

describe('UnreadCounter', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function counter(counts: number[], extra: Partial<ConstructorParameters<typeof UnreadCounter>[0]> = {}) {
    let calls = 0
    const fetchCount = vi.fn(async () => counts[Math.min(calls++, counts.length - 1)])
    let live: (() => void) | null = null
    const unsubscribe = vi.fn()
    const c = new UnreadCounter({
      fetchCount,
      onLiveChange: (fn) => {
        live = fn
        return unsubscribe
      },
      interval: 60000,
      debounce: 1000,
      ...extra,
    })
    return { c, fetchCount, fireLive: () => live?.(), unsubscribe }
  }

  it('fetches on start and then on every interval', async () => {
    const { c, fetchCount } = counter([2, 5])
    c.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(c.count.value).toBe(2)
    await vi.advanceTimersByTimeAsync(59000)
    expect(fetchCount).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetchCount).toHaveBeenCalledTimes(2)
    expect(c.count.value).toBe(5)
    c.stop()
  })

  it('collapses a burst of live changes into one fetch after the quiet period', async () => {
    const { c, fetchCount, fireLive } = counter([0, 3])
    c.start()
    await vi.advanceTimersByTimeAsync(0)
    for (let i = 0; i < 10; i++) {
      fireLive()
      await vi.advanceTimersByTimeAsync(200)
    }
    expect(fetchCount).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetchCount).toHaveBeenCalledTimes(2)
    expect(c.count.value).toBe(3)
    c.stop()
  })

  it('runs one more fetch when asked during a fetch, never two at once', async () => {
    let resolve: (n: number) => void = () => undefined
    let running = 0
    let most = 0
    const fetchCount = vi.fn(
      () =>
        new Promise<number>((r) => {
          running++
          most = Math.max(most, running)
          resolve = (n) => {
            running--
            r(n)
          }
        }),
    )
    const c = new UnreadCounter({ fetchCount })
    c.start()
    void c.refresh()
    void c.refresh()
    resolve(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(fetchCount).toHaveBeenCalledTimes(2)
    resolve(4)
    await vi.advanceTimersByTimeAsync(0)
    expect(fetchCount).toHaveBeenCalledTimes(2)
    expect(most).toBe(1)
    expect(c.count.value).toBe(4)
    c.stop()
  })

  it('keeps the last count when a fetch fails', async () => {
    const fetchCount = vi.fn().mockResolvedValueOnce(7).mockRejectedValueOnce(new Error('offline'))
    const c = new UnreadCounter({ fetchCount })
    c.start()
    await vi.advanceTimersByTimeAsync(0)
    await c.refresh()
    expect(fetchCount).toHaveBeenCalledTimes(2)
    expect(c.count.value).toBe(7)
    c.stop()
  })

  it('stops: no more fetches, the live subscription is dropped and the badge cleared', async () => {
    const { c, fetchCount, fireLive, unsubscribe } = counter([6])
    c.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(c.count.value).toBe(6)
    c.stop()
    expect(unsubscribe).toHaveBeenCalled()
    expect(c.count.value).toBe(0)
    fireLive()
    await vi.advanceTimersByTimeAsync(120000)
    expect(fetchCount).toHaveBeenCalledTimes(1)
  })

  it('never shows a negative count', () => {
    const c = new UnreadCounter({ fetchCount: async () => 0 })
    c.set(-2)
    expect(c.count.value).toBe(0)
  })
})
