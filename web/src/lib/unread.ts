// The unread count of the user's inbox, shown as a badge in the header. Reminders are raised by
// the server's time-limit monitor, which announces each alerted case on the live stream (an
// "urged" event), so the count is fetched again: soon after any live case change, when the stream
// reconnects, when the window regains focus, and at the latest every `interval` ms. Refreshes that
// overlap collapse into one.
import { ref, type Ref } from 'vue'

export interface UnreadOptions {
  fetchCount: () => Promise<number>
  /** Subscribes to live case changes; returns the unsubscribe function. */
  onLiveChange?: (fn: () => void) => () => void
  interval?: number
  debounce?: number
}

export class UnreadCounter {
  readonly count: Ref<number> = ref(0)
  private timer: ReturnType<typeof setInterval> | null = null
  private pending: ReturnType<typeof setTimeout> | null = null
  private inflight: Promise<void> | null = null
  private again = false
  private unsubscribe: (() => void) | null = null
  private readonly interval: number
  private readonly debounce: number

  constructor(private readonly options: UnreadOptions) {
    this.interval = options.interval ?? 60000
    this.debounce = options.debounce ?? 1500
  }

  get running(): boolean {
    return this.timer !== null
  }

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.refresh(), this.interval)
    this.unsubscribe = this.options.onLiveChange?.(() => this.soon()) ?? null
    void this.refresh()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    if (this.pending) clearTimeout(this.pending)
    this.timer = null
    this.pending = null
    this.unsubscribe?.()
    this.unsubscribe = null
    this.count.value = 0
  }

  /** Refreshes after a short quiet period (a burst of live changes makes one request). */
  soon(): void {
    if (!this.timer) return
    if (this.pending) clearTimeout(this.pending)
    this.pending = setTimeout(() => {
      this.pending = null
      void this.refresh()
    }, this.debounce)
  }

  /** Fetches the count now; a call while a fetch is running makes one more fetch after it. */
  refresh(): Promise<void> {
    if (this.inflight) {
      this.again = true
      return this.inflight
    }
    this.inflight = (async () => {
      do {
        this.again = false
        try {
          const n = await this.options.fetchCount()
          if (this.timer) this.count.value = n
        } catch {
          // Keep the last known count; the connection banner tells of a lost server.
        }
      } while (this.again)
    })().finally(() => {
      this.inflight = null
    })
    return this.inflight
  }

  /** Sets the count the server just reported (e.g. after marking notifications read). */
  set(n: number): void {
    this.count.value = Math.max(0, n)
  }
}
