// Lays a workflow's states out left to right by distance from the initial state, for drawing the
// state machine as a flowchart. Transitions that keep the state or start from any state are
// listed apart from the arrows.
import type { Kind } from '../api/types'

export interface FlowNode {
  id: string
  label: string
  labelEn: string
  terminal: boolean
  initial: boolean
  x: number
  y: number
  layer: number
}

export interface FlowEdge {
  from: string
  to: string
  label: string
  labelEn: string
  backward: boolean
}

export interface FlowLayout {
  nodes: FlowNode[]
  edges: FlowEdge[]
  stay: { label: string; labelEn: string; from: string[] }[]
  width: number
  height: number
}

export const NODE_W = 120
export const NODE_H = 40
const GAP_X = 90
const GAP_Y = 34
const PAD = 30

export function layoutWorkflow(k: Kind): FlowLayout {
  const nonTerminal = k.states.filter((s) => !s.terminal).map((s) => s.id)
  const edges: FlowEdge[] = []
  const stay: FlowLayout['stay'] = []
  const seen = new Set<string>()
  for (const t of k.transitions) {
    if (t.action === 'create') continue
    const from = t.from.includes('*') ? nonTerminal : t.from
    if (!t.to) {
      stay.push({ label: t.label, labelEn: t.label_en, from: t.from })
      continue
    }
    for (const f of from) {
      const key = `${f}>${t.to}>${t.action}`
      if (seen.has(key)) continue
      seen.add(key)
      edges.push({ from: f, to: t.to, label: t.label, labelEn: t.label_en, backward: false })
    }
  }
  // Breadth-first layers from the initial state.
  const layer = new Map<string, number>([[k.initial_state, 0]])
  const queue = [k.initial_state]
  while (queue.length) {
    const s = queue.shift() as string
    for (const e of edges) {
      if (e.from === s && !layer.has(e.to)) {
        layer.set(e.to, (layer.get(s) ?? 0) + 1)
        queue.push(e.to)
      }
    }
  }
  let maxLayer = Math.max(0, ...layer.values())
  for (const s of k.states) {
    if (!layer.has(s.id)) layer.set(s.id, ++maxLayer)
  }
  // Terminal states go to the last column.
  const lastLayer = Math.max(...k.states.map((s) => layer.get(s.id) ?? 0))
  for (const s of k.states) if (s.terminal) layer.set(s.id, Math.max(lastLayer, layer.get(s.id) ?? 0))

  const columns = new Map<number, string[]>()
  for (const s of k.states) {
    const l = layer.get(s.id) ?? 0
    columns.set(l, [...(columns.get(l) ?? []), s.id])
  }
  const tallest = Math.max(...[...columns.values()].map((c) => c.length))
  const height = PAD * 2 + tallest * NODE_H + (tallest - 1) * GAP_Y + 60
  const nodes: FlowNode[] = k.states.map((s) => {
    const l = layer.get(s.id) ?? 0
    const col = columns.get(l) ?? []
    const i = col.indexOf(s.id)
    const colHeight = col.length * NODE_H + (col.length - 1) * GAP_Y
    return {
      id: s.id,
      label: s.label,
      labelEn: s.label_en,
      terminal: s.terminal,
      initial: s.id === k.initial_state,
      layer: l,
      x: PAD + l * (NODE_W + GAP_X),
      y: (height - colHeight) / 2 + i * (NODE_H + GAP_Y),
    }
  })
  for (const e of edges) e.backward = (layer.get(e.to) ?? 0) <= (layer.get(e.from) ?? 0)
  const layers = Math.max(...nodes.map((n) => n.layer)) + 1
  const width = PAD * 2 + layers * NODE_W + (layers - 1) * GAP_X
  return { nodes, edges, stay, width, height }
}
