import { configuredProviders } from '../../../services/sso/providers'

/** GET /api/v1/auth/options: `{openRegistration, providers}`, whether anyone may create an account and the single sign-on buttons. */
export default defineEventHandler(() => {
  const config = useConfig()
  return { openRegistration: config.openRegistration, providers: configuredProviders(config) }
})
