import { z } from 'zod'
import { pageQuerySchema } from './common'

export const roles = ['admin', 'author', 'learner'] as const
export const roleSchema = z.enum(roles)
export type Role = z.infer<typeof roleSchema>

// Trimmed and lower-cased before it is checked; documented as what it must be then, an email address.
const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email('a valid email address is required')).meta({ format: 'email' })

/** At least 12 characters for every new password (registration, change, reset); older, shorter ones still sign in. */
export const minPasswordLength = 12
export const newPasswordSchema = z.string().min(minPasswordLength, `password must have at least ${minPasswordLength} characters`).max(200)

export const registerSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: z.string().trim().min(1, 'name is required').max(100),
  /** Self-registration may choose author or learner; only an admin grants admin. */
  role: z.enum(['author', 'learner']).optional(),
})
export type RegisterInput = z.infer<typeof registerSchema>

/**
 * The answer to every registration: the same whether the email was free or already had an account, so it
 * tells nobody which emails have accounts. Whoever registered then signs in with the same credentials.
 */
export const registrationAcceptedSchema = z.object({ status: z.literal('accepted') })
export const registrationAccepted: z.infer<typeof registrationAcceptedSchema> = { status: 'accepted' }

/** Single sign-on providers: any OpenID Connect provider by settings, and the GitHub and Google presets. */
export const ssoProviderIds = ['oidc', 'github', 'google'] as const
export const ssoProviderIdSchema = z.enum(ssoProviderIds)
export type SsoProviderId = z.infer<typeof ssoProviderIdSchema>

export const ssoProviderSchema = z.object({
  id: ssoProviderIdSchema,
  /** The button's label: the configured display name for OpenID Connect. */
  name: z.string(),
  /** Where the browser goes to sign in with it (a full-page navigation, not a fetch). */
  startUrl: z.string(),
})
export type SsoProvider = z.infer<typeof ssoProviderSchema>

/** `GET /api/v1/auth/options`: what the sign-in page offers. */
export const authOptionsSchema = z.object({
  /** Anyone may create an account; when false, accounts are made by the administrator. */
  openRegistration: z.boolean(),
  /** The single sign-on providers configured on the server, a button each on the sign-in page. */
  providers: z.array(ssoProviderSchema),
})
export type AuthOptions = z.infer<typeof authOptionsSchema>

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'password is required').max(200),
})
export type LoginInput = z.infer<typeof loginSchema>

export const roleChangeSchema = z.object({ role: roleSchema })

/** An admin's list of users: newest first, optionally only those matching a text or having a role. */
export const userListQuerySchema = pageQuerySchema.extend({
  /** Part of the email or the name, any case. */
  q: z.string().trim().max(254).optional(),
  role: roleSchema.optional(),
})
export type UserListQuery = z.infer<typeof userListQuerySchema>

export const publicUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.string(),
})
export type PublicUser = z.infer<typeof publicUserSchema>

/** An admin's view of a user: with whether the account is disabled. */
export const adminUserSchema = publicUserSchema.extend({
  /** A disabled account cannot sign in in any way, and its sessions and tokens stop working. */
  disabled: z.boolean(),
})
export type AdminUser = z.infer<typeof adminUserSchema>

export const userDisabledSchema = z.object({ disabled: z.boolean() })

/** `PUT /api/v1/auth/password`: a new password for the signed-in user, who proves they know the current one. */
export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, 'the current password is required').max(200),
  newPassword: newPasswordSchema,
})
export type PasswordChange = z.infer<typeof passwordChangeSchema>

/** `POST /api/v1/auth/password-reset`: a reset link's secret and the new password. */
export const passwordResetSchema = z.object({
  token: z.string().regex(/^[\w-]{43}$/, 'a reset link\'s token is 43 characters of base64url'),
  password: newPasswordSchema,
})
export type PasswordReset = z.infer<typeof passwordResetSchema>

/** A one-time password reset link an admin gives a user, shown once. */
export const issuedResetLinkSchema = z.object({
  url: z.string().meta({ description: 'The link, with its secret after `#token=`: it never reaches a server log.' }),
  expiresAt: z.string(),
})
export type IssuedResetLink = z.infer<typeof issuedResetLinkSchema>

export const providerParamsSchema = z.object({ provider: ssoProviderIdSchema })

/** `GET /api/v1/auth/sso/{provider}`: `link=1` links the provider account to the signed-in user instead of signing in. */
export const ssoStartQuerySchema = z.object({ link: z.enum(['0', '1']).optional() })

/** A provider account linked to the signed-in user. */
export const linkedIdentitySchema = z.object({
  provider: ssoProviderIdSchema,
  /** The provider's email for the account when it gave one, for recognising it. */
  email: z.string().nullable(),
  createdAt: z.string(),
})
export const linkedIdentityListSchema = z.object({ items: z.array(linkedIdentitySchema) })
export type LinkedIdentity = z.infer<typeof linkedIdentitySchema>

/**
 * Why a single sign-on ended without signing in, as the sign-in page's `?sso=` says it: `failed` for every
 * failure of the flow and for disabled accounts (one message, telling nothing about accounts), `unlinked` when
 * the provider account has no account here that may be joined.
 */
export const ssoOutcomes = ['failed', 'unlinked'] as const
export type SsoOutcome = (typeof ssoOutcomes)[number]
