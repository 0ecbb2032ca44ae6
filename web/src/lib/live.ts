// The live update stream (GET /api/events, Server-Sent Events): case.created and case.updated
// carry the case. Reconnects with a growing delay when the connection drops, and reports whether
// it is connected so the interface can say so.
import { ref, type Ref } from 'vue'
import type { CaseSummary } from '../api/types'

export type CaseListener = (type: 'case.created' | 'case.updated', c: CaseSummary) => void

interface SourceLike {
  onopen: ((ev: Event) => unknown) | null
  onerror: ((ev: Event) => unknown) | null
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void
  close(): void
  readyState: number
}

export type SourceFactory = (url: string) => SourceLike

export class LiveUpdates {
  readonly connected: Ref<boolean> = ref(true)
  private source: SourceLike | null = null
  private listeners = new Set<CaseListener>()
  private retry: ReturnType<typeof setTimeout> | null = null
  private delay = 1000
  private stopped = true

  constructor(
    private readonly url = '/api/events',
    private readonly factory: SourceFactory = (u) => new EventSource(u, { withCredentials: true }),
  ) {}

  subscribe(fn: CaseListener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.open()
  }

  stop(): void {
    this.stopped = true
    if (this.retry) clearTimeout(this.retry)
    this.retry = null
    this.source?.close()
    this.source = null
    this.connected.value = true
  }

  private open(): void {
    const s = this.factory(this.url)
    this.source = s
    s.onopen = () => {
      this.connected.value = true
      this.delay = 1000
    }
    s.onerror = () => {
      // The browser retries by itself while CONNECTING; once CLOSED (2) it has given up.
      this.connected.value = false
      if (s.readyState === 2) this.scheduleReopen()
    }
    for (const type of ['case.created', 'case.updated'] as const) {
      s.addEventListener(type, (ev: MessageEvent) => {
        let c: CaseSummary
        try {
          c = JSON.parse(String(ev.data)) as CaseSummary
        } catch {
          return
        }
        this.connected.value = true
        for (const fn of this.listeners) fn(type, c)
      })
    }
  }

  private scheduleReopen(): void {
    if (this.stopped || this.retry) return
    this.source?.close()
    this.source = null
    this.retry = setTimeout(() => {
      this.retry = null
      if (!this.stopped) this.open()
    }, this.delay)
    this.delay = Math.min(this.delay * 2, 30000)
  }
}

export const live = new LiveUpdates()
