import type { User } from '#auth-utils'

/** The user signed in last on this device, in localStorage: starting the app offline needs no database. */
const key = 'atomizer-user'

export function rememberedUser(): User | undefined {
  try {
    const stored = localStorage.getItem(key)
    return stored ? JSON.parse(stored) as User : undefined
  }
  catch {
    return undefined
  }
}

export function rememberUser(user: User) {
  localStorage.setItem(key, JSON.stringify(user))
}

export function forgetUser() {
  localStorage.removeItem(key)
}
