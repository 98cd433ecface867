import { ref, watch } from 'vue'

/** Light, dark, or whatever the system prefers; the choice is kept in the browser. */
export type Theme = 'light' | 'dark' | 'system'

const KEY = 'hangar.theme'

function stored(): Theme {
  const value = localStorage.getItem(KEY)
  return value === 'light' || value === 'dark' ? value : 'system'
}

export const theme = ref<Theme>(stored())

const media = window.matchMedia('(prefers-color-scheme: dark)')

/** The theme in effect: the choice, or the system's when the choice is "system". */
export const effectiveTheme = ref<'light' | 'dark'>('light')

function apply() {
  effectiveTheme.value = theme.value === 'system' ? (media.matches ? 'dark' : 'light') : theme.value
  document.documentElement.dataset.theme = effectiveTheme.value
}

watch(theme, (value) => {
  if (value === 'system') localStorage.removeItem(KEY)
  else localStorage.setItem(KEY, value)
  apply()
})
media.addEventListener('change', apply)
apply()
