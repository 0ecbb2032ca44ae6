import { describe, expect, it } from 'vitest'
import { formatTimeLimit } from './format'

describe('formatTimeLimit', () => {
  it('reads every canonical form in Chinese', () => {
    expect(formatTimeLimit('5 working days', 'zh-CN')).toBe('5个工作日')
    expect(formatTimeLimit('1 working days', 'zh-CN')).toBe('1个工作日')
    expect(formatTimeLimit('4 working hours', 'zh-CN')).toBe('4个工作小时')
    expect(formatTimeLimit('10 days', 'zh-CN')).toBe('10天')
    expect(formatTimeLimit('3 months', 'zh-CN')).toBe('3个月')
    expect(formatTimeLimit('same working day', 'zh-CN')).toBe('当日')
    expect(formatTimeLimit('overnight', 'zh-CN')).toBe('连夜')
    expect(formatTimeLimit('by 12-31', 'zh-CN')).toBe('12月31日前')
    expect(formatTimeLimit('by 03-05', 'zh-CN')).toBe('3月5日前')
  })
  it('keeps English, unknown text and empty values as they are', () => {
    expect(formatTimeLimit('5 working days', 'en')).toBe('5 working days')
    expect(formatTimeLimit('十个工作日内', 'zh-CN')).toBe('十个工作日内')
    expect(formatTimeLimit('3 weeks', 'zh-CN')).toBe('3 weeks')
    expect(formatTimeLimit('', 'zh-CN')).toBe('')
    expect(formatTimeLimit(undefined, 'zh-CN')).toBe('')
  })
})
