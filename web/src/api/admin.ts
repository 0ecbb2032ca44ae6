// The administration of the hotline's category tree, the segmenter's user dictionary and the
// dispatch-suggestion model (src/api/hotline_admin_api.cpp, text_admin_api.cpp,
// hotline_suggest_api.cpp).
import { api } from './client'

export interface AdminCategory {
  id: number
  code: string
  name: string
  path: string
  level: number
  unit_code: string | null
  disabled: boolean
  children: AdminCategory[]
}

export interface CategoryChange {
  name?: string
  parent_id?: number | null
  unit_code?: string | null
  disabled?: boolean
}

export interface DictionaryWord {
  word: string
  freq: number | null
  tag: string
  line: string
  added_by: { id: number; name: string } | null
  added_at: string | null
}

export interface DictionaryList {
  words: DictionaryWord[]
  count: number
  applied?: boolean
}

/** A malformed line of an imported dictionary file (error.details.lines). */
export interface DictionaryLineError {
  line: number
  message: string
  message_en: string
}

export interface ClassifierQuality {
  folds: number
  examples: number
  accuracy: number
  macro_f1: number
  temperature: number
  calibration_error_raw: number
  calibration_error: number
}

export interface ModelState {
  source: 'model' | 'rules'
  trained_at: string | null
  examples: number
  category: ClassifierQuality | null
  unit: ClassifierQuality | null
  training: { phase: string; started_at: string | null } | null
  last_failure: { message: string; message_en: string } | null
}

export const admin = {
  categories() {
    return api
      .request<{ categories: AdminCategory[] }>('GET', '/api/hotline/admin/categories')
      .then((r) => r.categories)
  },
  addCategory(c: CategoryChange & { name: string }) {
    return api.request<{ categories: AdminCategory[]; category: AdminCategory }>('POST', '/api/hotline/admin/categories', c)
  },
  changeCategory(id: number, c: CategoryChange) {
    return api.request<{ categories: AdminCategory[]; category: AdminCategory }>('PATCH', `/api/hotline/admin/categories/${id}`, c)
  },
  deleteCategory(id: number) {
    return api.request<{ categories: AdminCategory[] }>('DELETE', `/api/hotline/admin/categories/${id}`)
  },
  dictionary() {
    return api.request<DictionaryList>('GET', '/api/text/dictionary')
  },
  addWord(word: string, freq?: number | null, tag?: string) {
    const body: { word: string; freq?: number; tag?: string } = { word }
    if (freq !== undefined && freq !== null) body.freq = freq
    if (tag) body.tag = tag
    return api.request<DictionaryList>('POST', '/api/text/dictionary', body)
  },
  removeWord(word: string) {
    return api.request<DictionaryList>('DELETE', `/api/text/dictionary/${encodeURIComponent(word)}`)
  },
  importDictionary(file: Blob) {
    return api.request<DictionaryList>('POST', '/api/text/dictionary/import', undefined, file)
  },
  segment(text: string) {
    return api.request<{ tokens: string[] }>('POST', '/api/text/segment', { text }).then((r) => r.tokens)
  },
  model() {
    return api.request<ModelState>('GET', '/api/hotline/model')
  },
  retrain() {
    return api.request<ModelState>('POST', '/api/hotline/model', {})
  },
}

/** The phases of a training, in order (GET /api/hotline/model's training.phase). */
export const trainingPhases = ['collecting', 'segmenting', 'training', 'cross-validating', 'saving']

/** How far a training in `phase` is, in percent (a phase counts as half done while it runs). */
export function trainingPercent(phase: string | null | undefined): number {
  const i = phase ? trainingPhases.indexOf(phase) : -1
  if (i < 0) return 0
  return Math.round(((i + 0.5) / trainingPhases.length) * 100)
}

/** Every node of a tree, parents before children. */
export function flattenCategories(list: AdminCategory[]): AdminCategory[] {
  const out: AdminCategory[] = []
  const walk = (l: AdminCategory[]) => {
    for (const c of l) {
      out.push(c)
      walk(c.children)
    }
  }
  walk(list)
  return out
}

/** Where `node` may move: categories that are not it or below it and leave at most 3 levels. */
export function parentChoices(list: AdminCategory[], node: AdminCategory | null): AdminCategory[] {
  const height = (c: AdminCategory): number => (c.children.length ? 1 + Math.max(...c.children.map(height)) : 0)
  const h = node ? height(node) : 0
  return flattenCategories(list).filter((c) => {
    if (node && (c.id === node.id || c.path.startsWith(node.path + '/'))) return false
    return c.level + 1 + h <= 3
  })
}
