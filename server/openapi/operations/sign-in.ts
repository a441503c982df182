import { z } from 'zod'
import {
  adminUserSchema, issuedResetLinkSchema, linkedIdentityListSchema, passwordChangeSchema, passwordResetSchema, providerParamsSchema,
  ssoStartQuerySchema, userDisabledSchema,
} from '../../../shared/schemas/auth'
import { idParamsSchema } from '../../../shared/schemas/common'
import { defineOperation, routeOf } from '../operation'

const redirect = (description: string) => ({
  description, headers: z.object({ location: z.string().meta({ description: 'Where the browser goes next.' }) }),
})

/** Single sign-on, linked provider accounts, password change and reset links, and disabling accounts. */
export const signInOperations = {
  startSso: defineOperation({
    ...routeOf('startSso'), tag: 'auth', signedIn: false,
    summary: 'Start single sign-on with a provider (a browser navigation)',
    description: 'Redirects to the provider: for OpenID Connect, the authorization code flow with PKCE (S256), state and nonce, '
      + 'kept in a sealed cookie for ten minutes. `link=1` (signed in by session) links the provider account to you instead of signing in. '
      + '404 for a provider the server has not configured (`GET /api/v1/auth/options` lists those it has); 503 while the '
      + 'OpenID provider\'s discovery document cannot be fetched.',
    params: providerParamsSchema, query: ssoStartQuerySchema,
    responses: { 302: redirect('To the provider\'s sign-in page.') },
    problems: [401, 404, 503],
  }),
  finishSso: defineOperation({
    ...routeOf('finishSso'), tag: 'auth', signedIn: false,
    summary: 'The provider\'s redirect back: signs in (or links) and redirects',
    description: 'Redeems the code at the provider and checks state, nonce and the ID token. Success redirects to `/` signed in '
      + '(or to `/settings/security?linked=<provider>` when linking). Every failure redirects to `/login?sso=failed`, the same for a '
      + 'disabled account; `/login?sso=unlinked` when the provider account has no account here that may be joined (an email the provider has '
      + 'not verified, or registration closed). Counted per client address like failed sign-ins (429 past the allowance).',
    params: providerParamsSchema,
    responses: { 302: redirect('Signed in, or back to the sign-in page saying why not.') },
    problems: [404, 429],
  }),
  listIdentities: defineOperation({
    ...routeOf('listIdentities'), tag: 'auth', signedIn: true,
    summary: 'My linked provider accounts',
    responses: { 200: { description: 'The linked accounts, oldest first.', schema: linkedIdentityListSchema } },
  }),
  unlinkIdentity: defineOperation({
    ...routeOf('unlinkIdentity'), tag: 'auth', signedIn: true,
    summary: 'Unlink a provider account from mine',
    params: providerParamsSchema,
    responses: { 204: { description: 'Unlinked: that provider account no longer signs in here.' } },
    problems: [404],
  }),
  changePassword: defineOperation({
    ...routeOf('changePassword'), tag: 'auth', signedIn: true,
    summary: 'Change my password (the current one required)',
    description: 'The new password has at least 12 characters and is not in the list of common and breached passwords (422). '
      + 'A wrong current password answers 401 and counts as a failed sign-in. Every other session of the account ends; this one continues '
      + 'under a new session id.',
    body: passwordChangeSchema,
    responses: { 204: { description: 'Changed.' } },
    problems: [429],
  }),
  resetPassword: defineOperation({
    ...routeOf('resetPassword'), tag: 'auth', signedIn: false,
    summary: 'Set a new password with a one-time reset link from an admin',
    description: 'The link works once and expires (`NUXT_PASSWORD_RESET_SECONDS`). Every session of the account ends; sign in with the new '
      + 'password. An unknown, used or expired link answers 400 (`/problems/invalid-reset-link`). Counted per client address (429).',
    body: passwordResetSchema,
    responses: { 204: { description: 'The password is set.' } },
    problems: [400, 429],
  }),
  setUserDisabled: defineOperation({
    ...routeOf('setUserDisabled'), tag: 'users', signedIn: true,
    summary: 'Disable or enable an account (admins)',
    description: 'A disabled account cannot sign in (password, single sign-on or reset link); its sessions end and its tokens stop working at once. '
      + 'Admins cannot disable themselves (409).',
    params: idParamsSchema, body: userDisabledSchema,
    responses: { 200: { description: 'The user.', schema: adminUserSchema } },
    problems: [403, 404, 409],
  }),
  issuePasswordReset: defineOperation({
    ...routeOf('issuePasswordReset'), tag: 'users', signedIn: true,
    summary: 'Issue a one-time password reset link for a user (admins)',
    description: 'The link is in this answer only (the server keeps its SHA-256); hand it to the user. Its base is `NUXT_PUBLIC_URL`, else this request\'s origin.',
    params: idParamsSchema,
    responses: { 201: { description: 'The link and when it expires.', schema: issuedResetLinkSchema } },
    problems: [403, 404],
  }),
}
