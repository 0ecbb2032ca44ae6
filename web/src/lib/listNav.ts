// Keyboard movement through a list: ArrowUp/ArrowDown (and j/k) move the highlight, Enter opens,
// Home/End jump.
import { ref, type Ref } from 'vue'

export function useListNav(length: () => number, open: (index: number) => void) {
  const active: Ref<number> = ref(-1)

  function onKey(e: KeyboardEvent): void {
    const n = length()
    if (n === 0) return
    const target = e.target as HTMLElement | null
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        active.value = Math.min(n - 1, active.value + 1)
        break
      case 'ArrowUp':
      case 'k':
        active.value = Math.max(0, active.value - 1)
        break
      case 'Home':
        active.value = 0
        break
      case 'End':
        active.value = n - 1
        break
      case 'Enter':
        if (active.value >= 0 && active.value < n) open(active.value)
        else return
        break
      default:
        return
    }
    e.preventDefault()
  }

  return { active, onKey }
}
