// Who is signed in, and the reference data every screen uses (kinds, units, users), loaded once.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/client'
import type { Kind, Unit, User } from '../api/types'
import { live } from '../lib/live'

export const useSession = defineStore('session', () => {
  const user = ref<User | null>(null)
  const checked = ref(false)
  const kinds = ref<Kind[]>([])
  const units = ref<Unit[]>([])
  const users = ref<User[]>([])

  const isAdmin = computed(() => user.value?.role === 'admin')
  const canCreate = computed(() => !!user.value?.in_office)
  const seesAll = computed(() => !!user.value?.sees_all)

  function kind(id: string): Kind | undefined {
    return kinds.value.find((k) => k.kind === id)
  }
  function unitName(id: number | null | undefined): string {
    if (id == null) return ''
    return units.value.find((u) => u.id === id)?.name ?? `#${id}`
  }
  function userName(id: number | null | undefined): string {
    if (id == null) return ''
    return users.value.find((u) => u.id === id)?.display_name ?? `#${id}`
  }

  async function loadReference(): Promise<void> {
    const [k, u] = await Promise.all([api.kinds(), api.units()])
    kinds.value = k
    units.value = u
    if (user.value?.in_office || user.value?.role === 'admin') {
      users.value = await api.users().catch(() => [])
    } else {
      users.value = []
    }
  }

  async function adopt(u: User, csrf: string): Promise<void> {
    user.value = u
    api.setCsrf(csrf)
    checked.value = true
    await loadReference()
    live.start()
  }

  /** Resumes an existing session (the HttpOnly cookie), if any. */
  async function restore(): Promise<boolean> {
    if (checked.value) return user.value !== null
    try {
      const s = await api.session()
      await adopt(s.user, s.csrf_token)
    } catch {
      user.value = null
    }
    checked.value = true
    return user.value !== null
  }

  async function signIn(username: string, password: string): Promise<void> {
    const s = await api.signIn(username, password)
    await adopt(s.user, s.csrf_token)
  }

  function forget(): void {
    user.value = null
    api.setCsrf('')
    live.stop()
  }

  async function signOut(): Promise<void> {
    try {
      await api.signOut()
    } finally {
      forget()
    }
  }

  return {
    user,
    checked,
    kinds,
    units,
    users,
    isAdmin,
    canCreate,
    seesAll,
    kind,
    unitName,
    userName,
    adopt,
    restore,
    signIn,
    signOut,
    forget,
    loadReference,
  }
})
