import { describe, expect, it } from 'vitest'
import { flattenCategories, parentChoices, trainingPercent, type AdminCategory } from './admin'

function node(id: number, path: string, children: AdminCategory[] = []): AdminCategory {
  const name = path.split('/').pop() ?? ''
  return { id, code: String(id), name, path, level: path.split('/').length, unit_code: null, disabled: false, children }
}

const tree = [
  node(1, '城乡建设', [node(2, '城乡建设/安全生产', [node(3, '城乡建设/安全生产/安全隐患')]), node(4, '城乡建设/市政')]),
  node(5, '环境保护'),
]

describe('category admin helpers', () => {
  it('flattens parents before children', () => {
    expect(flattenCategories(tree).map((c) => c.id)).toEqual([1, 2, 3, 4, 5])
  })
  it('offers parents that keep three levels and make no cycle', () => {
    // A new category may go under a level-1 or level-2 node.
    expect(parentChoices(tree, null).map((c) => c.id)).toEqual([1, 2, 4, 5])
    // A level-2 node with children may only go under a level-1 node other than itself.
    expect(parentChoices(tree, tree[0].children[0]).map((c) => c.id)).toEqual([1, 5])
    // A level-1 node with two levels below it cannot move at all.
    expect(parentChoices(tree, tree[0])).toEqual([])
  })
  it('turns the training phase into a percentage', () => {
    expect(trainingPercent(null)).toBe(0)
    expect(trainingPercent('unknown')).toBe(0)
    expect(trainingPercent('collecting')).toBe(10)
    expect(trainingPercent('saving')).toBe(90)
  })
})
