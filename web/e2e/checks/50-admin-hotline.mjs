// 系统管理 for the hotline: the category tree (add a subcategory with a default unit, rename it
// from the keyboard), the segmenter's dictionary (a new word changes the preview's segmentation at
// once; a malformed file is refused line by line) and retraining the dispatch model.
export default async function (t) {
  const openTab = async (p, label, ready) => {
    await p.click('[data-test="nav-admin"]')
    await p.locator('.el-tabs__item', { hasText: label }).click()
    await p.waitForSelector(ready)
  }

  await t.step('admin: categories — add a subcategory with a default unit, rename it with Enter, the operator tree has it', async () => {
    const p = await t.newPage()
    await t.signIn(p, 'admin')
    await openTab(p, '工单分类', '[data-test="category-tree"] .el-tree-node')
    const units = (await t.callApi(p, 'GET', '/api/units')).json.units.filter((u) => u.unit_type === 'department')
    t.assert(units.length > 0, 'no department in the demo office')
    await p.fill('input[data-test="category-filter"]', '安全生产')
    await p.locator('[data-test="category-tree"] .el-tree-node__content', { hasText: '安全生产' }).first().click()
    await p.waitForSelector('[data-test="category-form-title"]:has-text("城乡建设/安全生产")')
    await p.click('[data-test="add-child"]')
    await p.fill('input[data-test="category-name"]', '燃气安全')
    await t.pickOption(p, '默认承办单位', units[0].name, '[data-test="category-form"]')
    await p.click('[data-test="category-save"]')
    await p.waitForSelector('[data-test="category-form-title"]:has-text("城乡建设/安全生产/燃气安全")')
    const admin = (await t.callApi(p, 'GET', '/api/hotline/admin/categories')).json.categories
    const find = (list, path) => {
      for (const c of list) {
        if (c.path === path) return c
        const below = find(c.children, path)
        if (below) return below
      }
      return null
    }
    const added = find(admin, '城乡建设/安全生产/燃气安全')
    t.assert(added && added.unit_code === units[0].code, 'the new category or its default unit is not stored: ' + JSON.stringify(added))
    await t.shot(p, '50-admin-categories')

    // Rename from the keyboard: Enter in the name field saves.
    await p.fill('input[data-test="category-name"]', '燃气管道安全')
    await p.press('input[data-test="category-name"]', 'Enter')
    await p.waitForSelector('[data-test="category-form-title"]:has-text("城乡建设/安全生产/燃气管道安全")')
    const ops = await t.newPage()
    await t.signIn(ops, 'operator1')
    const tree = (await t.callApi(ops, 'GET', '/api/hotline/categories')).json.categories
    t.assert(find(tree, '城乡建设/安全生产/燃气管道安全'), 'the operator screen’s tree does not have the renamed category')
    // A bad edit is refused with a clear message and changes nothing.
    await p.fill('input[data-test="category-name"]', '安全隐患')
    await p.click('[data-test="category-save"]')
    await p.waitForSelector('[data-test="category-error"]')
    t.assert((await p.textContent('[data-test="category-error"]')).includes('同一上级下已有分类'), 'no duplicate-name error')
    await ops.context().close()
    await p.context().close()
  })

  await t.step('admin: dictionary — adding 凤凰路 changes the preview’s segmentation; a malformed file is refused with line numbers', async () => {
    const p = await t.newPage()
    await t.signIn(p, 'admin')
    await openTab(p, '分词词典', '[data-test="dict-table"] .el-table__row')
    const tokens = () => p.$$eval('[data-test="preview-tokens"] .el-tag', (els) => els.map((e) => e.textContent.trim()))
    await p.fill('textarea[data-test="preview-text"]', '')
    await p.fill('textarea[data-test="preview-text"]', '海陵区凤凰路积水严重')
    await p.click('[data-test="preview-run"]')
    await p.waitForFunction(() => document.querySelectorAll('[data-test="preview-tokens"] .el-tag').length > 0)
    const before = await tokens()
    t.assert(before.join(' ').startsWith('海陵区 凤凰 路 积水'), 'segmentation before: ' + before.join(' '))
    await p.fill('input[data-test="dict-word"]', '凤凰路')
    await p.fill('input[data-test="dict-tag"]', 'ns')
    await p.press('input[data-test="dict-word"]', 'Enter')
    await p.waitForFunction(() => [...document.querySelectorAll('[data-test="preview-tokens"] .el-tag')].some((e) => e.textContent.trim() === '凤凰路'))
    const after = await tokens()
    t.assert(after.join(' ').startsWith('海陵区 凤凰路 积水') && !after.includes('凤凰'), 'segmentation after: ' + after.join(' '))
    t.assert((await p.textContent('[data-test="dict-table"]')).includes('凤凰路'), 'the word is not listed')
    await t.shot(p, '51-admin-dictionary')

    await p.setInputFiles('[data-test="dict-file"]', { name: 'bad.txt', mimeType: 'text/plain', buffer: Buffer.from('稻河古街区 30 ns\n泰州 NS\n词\t5\n') })
    await p.waitForSelector('[data-test="dict-bad-lines"]')
    const lines = await p.textContent('[data-test="dict-bad-lines"]')
    t.assert(lines.includes('第 2 行') && lines.includes('第 3 行') && !lines.includes('第 1 行'), 'bad lines: ' + lines)
    const words = (await t.callApi(p, 'GET', '/api/text/dictionary')).json.words.map((w) => w.word)
    t.assert(!words.includes('稻河古街区'), 'a refused file was partly imported')
    await t.shot(p, '52-admin-dictionary-bad-file')
    await p.context().close()
  })

  await t.step('admin: model — retraining shows its progress, then when and on how many tickets, accuracy and calibration', async () => {
    const p = await t.newPage()
    await t.signIn(p, 'admin')
    await openTab(p, '派单模型', '[data-test="model-source"]')
    await p.click('[data-test="model-retrain"]')
    await p.waitForSelector('[data-test="model-progress"]')
    // The phase polled from the server (unless the training is over first).
    await p.waitForFunction(() => {
      const el = document.querySelector('[data-test="model-phase"]')
      return !el || el.textContent.trim() !== '…'
    })
    if (await p.locator('[data-test="model-progress"]').count()) await t.shot(p, '53-admin-model-training')
    await p.waitForSelector('[data-test="model-progress"]', { state: 'detached', timeout: 120000 })
    const state = (await t.callApi(p, 'GET', '/api/hotline/model')).json
    t.assert(state.source === 'model' && state.examples > 0 && state.trained_at, 'model after retraining: ' + JSON.stringify(state))
    t.assert(state.category && state.category.accuracy > 0.3, 'no cross-validated accuracy: ' + JSON.stringify(state.category))
    t.assert(Number(await p.textContent('[data-test="model-examples"]')) === state.examples, 'the screen does not show the examples')
    t.assert((await p.textContent('[data-test="model-category"]')).includes('准确率'), 'no accuracy shown')
    await t.shot(p, '54-admin-model')
    await p.context().close()
  })
}
