import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { i18n } from '../i18n'
import LightTag from './LightTag.vue'
import type { Closure, Light } from '../api/types'

function tag(light: Light, closure: Closure | null = null) {
  const w = mount(LightTag, { props: { light, closure }, global: { plugins: [i18n] } })
  return { light: w.get('.zb-light').attributes('data-light'), text: w.text() }
}

describe('LightTag', () => {
  it("shows an open case's light, and a closed case's closure instead", () => {
    i18n.global.locale.value = 'zh-CN'
    expect(tag('red')).toEqual({ light: 'red', text: '红灯' })
    expect(tag('')).toEqual({ light: 'none', text: '无时限' })
    expect(tag('', 'on_time')).toEqual({ light: 'on_time', text: '按时办结' })
    expect(tag('', 'late')).toEqual({ light: 'late', text: '逾期办结' })
    expect(tag('', 'closed')).toEqual({ light: 'closed', text: '已办结' })
  })
})
