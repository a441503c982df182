import { z } from 'zod'
import { pageQuerySchema } from './common'

export const roles = ['admin', 'author', 'learner'] as const
export const roleSchema = z.enum(roles)
export type Role = z.infer<typeof roleSchema>

// Trimmed and lower-cased before it is checked; documented as what it must be then, an email address.
const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email('a valid email address is required')).meta({ format: 'email' })

export const registerSchema = z.object({
  email: emailSchema,
  password: z.string().min(8, 'password must have at least 8 characters').max(200),
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

/** `GET /api/v1/auth/options`: what the sign-in page offers. */
export const authOptionsSchema = z.object({
  /** Anyone may create an account; when false, accounts are made by the administrator. */
  openRegistration: z.boolean(),
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
