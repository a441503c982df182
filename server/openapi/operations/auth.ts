import { z } from 'zod'
import {
  adminUserSchema, authOptionsSchema, loginSchema, publicUserSchema, registerSchema, registrationAcceptedSchema, roleChangeSchema, userListQuerySchema,
} from '../../../shared/schemas/auth'
import { idParamsSchema, pageSchema } from '../../../shared/schemas/common'
import { secondFactorRequiredSchema } from '../../../shared/schemas/mfa'
import { csrfTokenSchema } from '../../../shared/schemas/csrf'
import { defineOperation, routeOf } from '../operation'

const sessionCookie = z.object({ 'set-cookie': z.string().meta({ description: 'The session cookie, `nuxt-session`.' }) })

export const authOperations = {
  register: defineOperation({
    ...routeOf('register'), tag: 'auth', signedIn: false,
    summary: 'Create an account',
    description: 'Answers 202 whether or not the email already has an account (an existing account is left as it is), '
      + 'so the answer tells nobody which emails have accounts; no session is started: sign in next with the same credentials. '
      + 'New accounts choose `author` (the default) or `learner`; the account with the server\'s admin email (`NUXT_ADMIN_EMAIL`) '
      + 'becomes admin. 403 (`/problems/registration-closed`) when open registration is off.',
    body: registerSchema,
    responses: { 202: { description: 'Accepted; sign in with the same email and password.', schema: registrationAcceptedSchema } },
    problems: [403, 429],
  }),
  options: defineOperation({
    ...routeOf('getAuthOptions'), tag: 'auth', signedIn: false,
    summary: 'Whether anyone may create an account, and the single sign-on providers',
    responses: { 200: { description: 'The options.', schema: authOptionsSchema } },
  }),
  login: defineOperation({
    ...routeOf('login'), tag: 'auth', signedIn: false,
    summary: 'Sign in with email and password',
    description: 'An account with a second factor answers 202 instead: no session yet, the cookie holds the pending sign-in '
      + 'for `POST /api/v1/auth/second-factor` or `POST /api/v1/auth/passkey`.',
    body: loginSchema,
    responses: {
      200: { description: 'The user, signed in.', schema: publicUserSchema, headers: sessionCookie },
      202: { description: 'The password is right; the second step is next.', schema: secondFactorRequiredSchema, headers: sessionCookie },
    },
    problems: [401, 429],
  }),
  logout: defineOperation({
    ...routeOf('logout'), tag: 'auth', signedIn: false,
    summary: 'Sign out, ending the session on the server',
    responses: { 204: { description: 'Signed out; the cookie no longer works, even copied.' } },
  }),
  me: defineOperation({
    ...routeOf('getMe'), tag: 'auth', signedIn: true,
    summary: 'The signed-in user',
    responses: { 200: { description: 'The user.', schema: publicUserSchema } },
  }),
  csrfToken: defineOperation({
    ...routeOf('getCsrfToken'), tag: 'auth', signedIn: true,
    summary: 'The session\'s anti-forgery token, for clients that send neither Origin nor Sec-Fetch-Site',
    description: 'Browsers need none: they send `Origin` and `Sec-Fetch-Site`, and a request that changes state is refused '
      + '(403, `/problems/cross-site`) unless they name the app\'s own origin. A client with the session cookie that sends neither '
      + 'header (a script, not a page) sends this token in `X-CSRF-Token` instead. Bearer-token requests need none.',
    responses: { 200: { description: 'The token, valid as long as the session.', schema: csrfTokenSchema } },
  }),
  listUsers: defineOperation({
    ...routeOf('listUsers'), tag: 'users', signedIn: true,
    summary: 'Every user, newest first, optionally matching a text or having a role (admins)',
    query: userListQuerySchema,
    responses: { 200: { description: 'A page of users, each saying whether it is disabled.', schema: pageSchema(adminUserSchema) } },
    problems: [403],
  }),
  getUser: defineOperation({
    ...routeOf('getUser'), tag: 'users', signedIn: true,
    summary: 'One user (admins, or that user)',
    params: idParamsSchema,
    responses: { 200: { description: 'The user.', schema: publicUserSchema } },
    problems: [403, 404],
  }),
  changeRole: defineOperation({
    ...routeOf('changeUserRole'), tag: 'users', signedIn: true,
    summary: 'Set a user\'s role (admins)',
    params: idParamsSchema, body: roleChangeSchema,
    responses: { 200: { description: 'The user with the new role.', schema: publicUserSchema } },
    problems: [403, 404],
  }),
}
