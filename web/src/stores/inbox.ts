// The header's unread badge: one counter for the signed-in user, started by the main layout.
import { watch } from 'vue'
import { api } from '../api/client'
import { live } from '../lib/live'
import { UnreadCounter } from '../lib/unread'

export const unread = new UnreadCounter({
  fetchCount: () => api.notifications(true).then((r) => r.unread),
  onLiveChange: (fn) => live.subscribe(() => fn()),
  interval: 30000,
})

function onFocus(): void {
  unread.soon()
}

let stopWatch: (() => void) | null = null

/** Starts counting for the signed-in user; returns the function that stops it. */
export function startUnread(): () => void {
  unread.start()
  window.addEventListener('focus', onFocus)
  // After the live stream was lost and is back, alerts may have been missed.
  stopWatch = watch(live.connected, (up) => up && unread.soon())
  return () => {
    window.removeEventListener('focus', onFocus)
    stopWatch?.()
    stopWatch = null
    unread.stop()
  }
}
