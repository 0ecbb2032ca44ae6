import { createI18n } from 'vue-i18n'
import zh from './zh-CN'
import en from './en'

export type Locale = 'zh-CN' | 'en'

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('zb.locale') : null

export const i18n = createI18n({
  legacy: false,
  locale: stored === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
})

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l
  localStorage.setItem('zb.locale', l)
  document.documentElement.lang = l
}

/** The label in the current language: `label_en` in English when present. */
export function pick(zhLabel: string, enLabel: string | undefined, locale: string): string {
  return locale.startsWith('en') && enLabel ? enLabel : zhLabel
}
