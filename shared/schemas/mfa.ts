import { z } from 'zod'

/** How many recovery codes an account gets at a time; each works once. */
export const recoveryCodeCount = 10

/** Adding or removing a factor needs a sign-in or a password check at most this many minutes old. */
export const freshSignInMinutes = 10

/** Who must have a second factor: nobody, admins, or every account. */
export const mfaPolicies = ['off', 'admins', 'everyone'] as const
export const mfaPolicySchema = z.object({ required: z.enum(mfaPolicies) })
export type MfaPolicy = z.infer<typeof mfaPolicySchema>

/** A six-digit TOTP code; spaces are allowed as people type them (`123 456`). */
export const totpCodeSchema = z.string().max(20).transform(code => code.replace(/\s+/g, '')).pipe(z.string().regex(/^\d{6}$/, 'a code has six digits'))

/** A recovery code as shown (`abcde-fghij`), any case, the dash optional. */
export const recoveryCodeSchema = z.string().max(40).transform(code => code.replace(/[\s-]+/g, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z2-7]{10}$/, 'a recovery code has ten letters and digits'))

/** `POST /api/v1/auth/reauthenticate`: the password again, before adding or removing a factor. */
export const reauthenticateSchema = z.object({ password: z.string().min(1, 'password is required').max(200) })

/** The second step of a sign-in: a code from the authenticator app, or one of the recovery codes. */
export const secondFactorSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('totp'), code: totpCodeSchema }),
  z.object({ method: z.literal('recovery-code'), code: recoveryCodeSchema }),
])
export type SecondFactorInput = z.infer<typeof secondFactorSchema>

/** What a correct password of an account with a second factor answers (202): no session yet. */
export const secondFactorRequiredSchema = z.object({
  status: z.literal('second-factor-required'),
  /** The ways this account can finish signing in. */
  methods: z.array(z.enum(['totp', 'recovery-code', 'passkey'])),
})
export type SecondFactorRequired = z.infer<typeof secondFactorRequiredSchema>

/** `POST /api/v1/mfa/totp`: a new, not yet confirmed authenticator app. The secret is shown this once. */
export const totpEnrolmentSchema = z.object({
  /** Base32, for typing into an app that cannot scan. */
  secret: z.string(),
  /** The `otpauth://totp/…` URI the QR code holds. */
  uri: z.string(),
  /** The QR code of the URI: its size in modules and an SVG path of its dark modules, one unit each. */
  qrCode: z.object({ size: z.number().int(), path: z.string() }),
})
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>

export const totpConfirmSchema = z.object({ code: totpCodeSchema })

/** Fresh recovery codes: shown this once, stored only hashed. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()).length(recoveryCodeCount) })
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>

export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  transports: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
})
export type Passkey = z.infer<typeof passkeySchema>

/** `GET /api/v1/mfa`: the signed-in account's second factors, never their secrets. */
export const mfaStatusSchema = z.object({
  totp: z.object({ confirmedAt: z.string(), lastUsedAt: z.string().nullable() }).nullable(),
  passkeys: z.array(passkeySchema),
  recoveryCodesLeft: z.number().int(),
  /** The policy covers this account: it must keep at least one factor. */
  required: z.boolean(),
  /** Until when factors may be added or removed without the password again (ISO time; past when stale). */
  freshUntil: z.string(),
})
export type MfaStatus = z.infer<typeof mfaStatusSchema>

/** A passkey's name, given when it is registered. */
export const passkeyNameSchema = z.string().trim().min(1).max(60)

/** A passkey's credential id (base64url) in a path. */
export const passkeyParamsSchema = z.object({ id: z.string().min(1).max(1400).regex(/^[\w-]+$/, 'a credential id is base64url') })

const attemptIdSchema = z.string().min(1).max(100)
const base64url = z.string().max(20_000).regex(/^[\w-]*$/, 'base64url is expected')
const credentialBase = { id: base64url.min(1).max(1400), rawId: base64url, type: z.literal('public-key') }

/**
 * `POST /api/v1/mfa/passkeys`, in two calls (nuxt-auth-utils' WebAuthn protocol): `verify: false` asks for
 * the creation options, `verify: true` sends what the authenticator made. `user.userName` is required by the
 * protocol and replaced by the account's email.
 */
export const passkeyRegistrationSchema = z.discriminatedUnion('verify', [
  z.object({
    verify: z.literal(false),
    user: z.object({ userName: z.string().min(1).max(254) }),
  }),
  z.object({
    verify: z.literal(true),
    user: z.object({ userName: z.string().min(1).max(254) }),
    attemptId: attemptIdSchema,
    name: passkeyNameSchema.optional(),
    response: z.looseObject({ ...credentialBase, response: z.looseObject({ clientDataJSON: base64url, attestationObject: base64url }) }),
  }),
])

/** `POST /api/v1/auth/passkey`: the same two calls for signing in, with a passkey alone or as the second step. */
export const passkeyAuthenticationSchema = z.discriminatedUnion('verify', [
  z.object({ verify: z.literal(false) }),
  z.object({
    verify: z.literal(true),
    attemptId: attemptIdSchema,
    response: z.looseObject({
      ...credentialBase,
      response: z.looseObject({ clientDataJSON: base64url, authenticatorData: base64url, signature: base64url, userHandle: base64url.optional() }),
    }),
  }),
])

/** The first call's answer: options for the browser's `navigator.credentials` and the attempt they belong to. */
export const passkeyCreationOptionsSchema = z.object({ creationOptions: z.record(z.string(), z.unknown()), attemptId: z.string() })
export const passkeyRequestOptionsSchema = z.object({ requestOptions: z.record(z.string(), z.unknown()), attemptId: z.string() })

/** A registered passkey and, when it is the account's first factor, its recovery codes (shown this once). */
export const passkeyRegisteredSchema = z.object({
  verified: z.literal(true),
  passkey: passkeySchema,
  recoveryCodes: z.array(z.string()).optional(),
})

/** A confirmed authenticator app and, when it is the account's first factor, its recovery codes (shown this once). */
export const totpConfirmedSchema = z.object({ recoveryCodes: z.array(z.string()).optional() })
