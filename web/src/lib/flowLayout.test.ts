import { describe, expect, it } from 'vitest'
import { layoutWorkflow } from './flowLayout'
import type { Kind } from '../api/types'

const state = (id: string, terminal = false) => ({ id, label: id, label_en: id, terminal, time_limit: '', pauses_clock: false })
const tr = (action: string, from: string[], to: string) => ({ action, label: action, label_en: action, from, to, event: action, roles: [], scopes: [] })

const kind: Kind = {
  kind: 'k',
  label: 'K',
  label_en: 'K',
  initial_state: 'a',
  time_limit: '',
  fields: [],
  states: [state('a'), state('b'), state('c'), state('done', true)],
  transitions: [tr('create', ['a'], 'a'), tr('go', ['a'], 'b'), tr('next', ['b'], 'c'), tr('back', ['c'], 'b'), tr('close', ['c'], 'done'), tr('urge', ['*'], '')],
}

describe('workflow layout', () => {
  it('lays states out by distance from the initial state, terminal last', () => {
    const l = layoutWorkflow(kind)
    const x = Object.fromEntries(l.nodes.map((n) => [n.id, n.x]))
    expect(x.a! < x.b! && x.b! < x.c! && x.c! < x.done!).toBe(true)
    expect(l.nodes.find((n) => n.id === 'a')!.initial).toBe(true)
  })
  it('marks back edges and lists actions that keep the state apart', () => {
    const l = layoutWorkflow(kind)
    expect(l.edges.find((e) => e.label === 'back')!.backward).toBe(true)
    expect(l.edges.find((e) => e.label === 'go')!.backward).toBe(false)
    expect(l.edges.some((e) => e.label === 'create')).toBe(false)
    expect(l.stay.map((s) => s.label)).toEqual(['urge'])
    expect(l.width).toBeGreaterThan(0)
  })
})
