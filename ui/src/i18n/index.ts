import { createI18n } from 'vue-i18n'
import en from './en'
import zhCN from './zh-CN'

/** The languages the UI speaks; the choice is kept in the browser. */
export const LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '中文' },
] as const

export type Locale = (typeof LOCALES)[number]['code']

const KEY = 'hangar.locale'

function initialLocale(): Locale {
  const saved = localStorage.getItem(KEY)
  if (saved === 'en' || saved === 'zh-CN') return saved
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
})

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(KEY, locale)
  document.documentElement.lang = locale
}

document.documentElement.lang = i18n.global.locale.value
