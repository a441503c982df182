import { z } from 'zod'
import { publicUserSchema } from '../../../shared/schemas/auth'
import {
  mfaPolicySchema, mfaStatusSchema, passkeyAuthenticationSchema, passkeyCreationOptionsSchema, passkeyParamsSchema,
  passkeyRegisteredSchema, passkeyRegistrationSchema, passkeyRequestOptionsSchema, reauthenticateSchema, recoveryCodesSchema,
  secondFactorSchema, totpConfirmedSchema, totpConfirmSchema, totpEnrolmentSchema,
} from '../../../shared/schemas/mfa'
import { defineOperation, routeOf } from '../operation'

const tag = 'mfa'
const fresh = 'Needs a sign-in or `POST /api/v1/auth/reauthenticate` within the last 10 minutes (403 `/problems/reauthentication-required`).'

export const mfaOperations = {
  completeSignIn: defineOperation({
    ...routeOf('completeSignIn'), tag: 'auth', signedIn: false,
    summary: 'Finish signing in with a code from the authenticator app or a recovery code',
    description: 'After `POST /api/v1/auth/login` answered 202: the cookie holds the pending sign-in (5 minutes), and only this '
      + 'step (or a passkey) makes the session. Throttled per account and address like the password; every failure answers alike. '
      + 'A code is accepted once: a second use of the same code, or an older one, fails.',
    body: secondFactorSchema,
    responses: { 200: { description: 'The user, signed in.', schema: publicUserSchema } },
    problems: [401, 429],
  }),
  signInWithPasskey: defineOperation({
    ...routeOf('signInWithPasskey'), tag: 'auth', signedIn: false,
    summary: 'Sign in with a passkey: without a password, or as the second step',
    description: 'Two calls: `{verify: false}` answers the request options; `{verify: true, attemptId, response}` checks what '
      + 'the authenticator signed. Without a pending sign-in any of the server\'s passkeys may answer (discoverable credentials) '
      + 'and user verification is required; after a password only that account\'s passkeys count.',
    body: passkeyAuthenticationSchema,
    responses: { 200: { description: 'The request options, or the user, signed in.', schema: z.union([passkeyRequestOptionsSchema, z.object({ verified: z.literal(true), user: publicUserSchema })]) } },
    problems: [401, 429],
  }),
  reauthenticate: defineOperation({
    ...routeOf('reauthenticate'), tag: 'auth', signedIn: true,
    summary: 'Enter the password again, to add or remove second factors for the next 10 minutes',
    body: reauthenticateSchema,
    responses: { 204: { description: 'The password is right.' } },
    problems: [401, 429],
  }),
  status: defineOperation({
    ...routeOf('getMfa'), tag, signedIn: true,
    summary: 'My second factors: authenticator app, passkeys, recovery codes left; never their secrets',
    responses: { 200: { description: 'The factors.', schema: mfaStatusSchema } },
  }),
  startTotp: defineOperation({
    ...routeOf('startTotp'), tag, signedIn: true,
    summary: 'Start setting up an authenticator app: its secret and QR code, shown this once',
    description: `Not a factor until confirmed with a first code. ${fresh}`,
    responses: { 201: { description: 'The secret, its URI and QR code.', schema: totpEnrolmentSchema } },
    problems: [403, 409],
  }),
  confirmTotp: defineOperation({
    ...routeOf('confirmTotp'), tag, signedIn: true,
    summary: 'Confirm the authenticator app with its first code',
    description: 'With the account\'s first factor come ten recovery codes, in this answer only (each works once; only their hashes are kept).',
    body: totpConfirmSchema,
    responses: { 200: { description: 'Confirmed.', schema: totpConfirmedSchema } },
    problems: [422],
  }),
  removeTotp: defineOperation({
    ...routeOf('removeTotp'), tag, signedIn: true,
    summary: 'Remove the authenticator app',
    description: `Refused (409) when the MFA policy covers the account and it is its last factor. ${fresh}`,
    responses: { 204: { description: 'Removed.' } },
    problems: [403, 404, 409],
  }),
  registerPasskey: defineOperation({
    ...routeOf('registerPasskey'), tag, signedIn: true,
    summary: 'Register a passkey',
    description: `Two calls: \`{verify: false, user}\` answers the creation options (a discoverable credential); \`{verify: true, …}\` stores the passkey. ${fresh}`,
    body: passkeyRegistrationSchema,
    responses: { 200: { description: 'The creation options, or the passkey stored.', schema: z.union([passkeyCreationOptionsSchema, passkeyRegisteredSchema]) } },
    problems: [403],
  }),
  removePasskey: defineOperation({
    ...routeOf('removePasskey'), tag, signedIn: true,
    summary: 'Remove one of my passkeys',
    description: `Refused (409) when the MFA policy covers the account and it is its last factor. ${fresh}`,
    params: passkeyParamsSchema,
    responses: { 204: { description: 'Removed.' } },
    problems: [403, 404, 409],
  }),
  renewRecoveryCodes: defineOperation({
    ...routeOf('renewRecoveryCodes'), tag, signedIn: true,
    summary: 'Replace my recovery codes with ten new ones, shown this once',
    description: fresh,
    responses: { 201: { description: 'The new codes; the old ones stop working.', schema: recoveryCodesSchema } },
    problems: [403, 409],
  }),
  getPolicy: defineOperation({
    ...routeOf('getMfaPolicy'), tag, signedIn: true,
    summary: 'Who must have a second factor: nobody, admins or everyone (admins)',
    responses: { 200: { description: 'The policy.', schema: mfaPolicySchema } },
    problems: [403],
  }),
  setPolicy: defineOperation({
    ...routeOf('setMfaPolicy'), tag, signedIn: true,
    summary: 'Set who must have a second factor (admins)',
    description: 'An account the policy covers that has no factor must set one up at its next sign-in; until then its session may do nothing else.',
    body: mfaPolicySchema,
    responses: { 200: { description: 'The policy.', schema: mfaPolicySchema } },
    problems: [403],
  }),
}
