/** Light or dark: the reader's choice, kept in this browser, or else the system's. */
export type ThemeChoice = 'light' | 'dark' | 'system'

export const themeStorageKey = 'atomizer-theme'

export function readThemeChoice(): ThemeChoice {
  const stored = localStorage.getItem(themeStorageKey)
  return stored === 'light' || stored === 'dark' ? stored : 'system'
}

export function applyThemeChoice(choice: ThemeChoice) {
  if (choice === 'system') localStorage.removeItem(themeStorageKey)
  else localStorage.setItem(themeStorageKey, choice)
  const dark = choice === 'dark' || (choice === 'system' && matchMedia('(prefers-color-scheme: dark)').matches)
  document.documentElement.dataset.theme = dark ? 'dark' : 'light'
}
