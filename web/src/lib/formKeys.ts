// Submitting forms from the keyboard: Enter in a one-line field and Ctrl+Enter (⌘+Enter) anywhere
// in the form submit it. Enter keeps its own meaning in a textarea (a new line), in a select, date
// picker or cascader (choose), on a radio, checkbox or button. Bind the handler in the capture
// phase (`@keydown.capture`): it then sees Ctrl+Enter before a select swallows Enter, and it leaves
// a picker's plain Enter alone so the picker can commit the typed value first.

const pickers = '.el-select, .el-select-v2, .el-cascader, .el-date-editor, .el-autocomplete, .el-color-picker'
const notTextInputs = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'image', 'range', 'color'])

/** True when this keydown should submit the form it happened in. */
export function isSubmitKey(e: KeyboardEvent): boolean {
  if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return false // 229: an IME is composing
  if (e.ctrlKey || e.metaKey) return true
  if (e.shiftKey || e.altKey) return false
  const target = e.target as HTMLElement | null
  if (!target || target.tagName !== 'INPUT') return false
  if (notTextInputs.has((target as HTMLInputElement).type)) return false
  return !target.closest(pickers)
}

/** A keydown handler for a form: calls `submit` on the submit keys, and nothing else. */
export function submitKeys(submit: () => unknown): (e: KeyboardEvent) => void {
  return (e) => {
    if (!isSubmitKey(e)) return
    e.preventDefault()
    e.stopPropagation()
    void submit()
  }
}
