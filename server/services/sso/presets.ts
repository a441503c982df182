import type { ProviderProfile } from './accounts'

/** What nuxt-auth-utils' GitHub handler gives (GitHub's user, with `email_verified` when the email came from /user/emails). */
export interface GitHubUser {
  id: number
  login: string
  name?: string | null
  email?: string | null
  email_verified?: boolean
}

/** What nuxt-auth-utils' Google handler gives (Google's OpenID userinfo). */
export interface GoogleUser {
  sub: string
  email?: string
  email_verified?: boolean
  name?: string
}

export const gitHubProfile = (user: GitHubUser): ProviderProfile => ({
  provider: 'github', subject: String(user.id), email: user.email?.toLowerCase() ?? null,
  emailVerified: user.email_verified === true, name: user.name || user.login,
})

export const googleProfile = (user: GoogleUser): ProviderProfile => ({
  provider: 'google', subject: user.sub, email: user.email?.toLowerCase() ?? null,
  emailVerified: user.email_verified === true, name: user.name ?? null,
})
