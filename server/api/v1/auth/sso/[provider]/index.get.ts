import { problems } from '../../../../../errors'
import { signInOperations } from '../../../../../openapi/operations'
import { oidcAuthorizationUrl } from '../../../../../services/sso/oidc'
import { isProviderConfigured } from '../../../../../services/sso/providers'

/** GET /api/v1/auth/sso/:provider[?link=1]: starts single sign-on (or linking) → 302 to the provider. */
export default defineEventHandler(async (event) => {
  const { params: { provider }, query: { link } } = await validRequest(event, signInOperations.startSso)
  const config = useConfig()
  if (!isProviderConfigured(config, provider)) throw problems.notFound('sign-in provider', provider)
  let linkUserId: string | undefined
  if (link === '1') {
    const identified = await identifyCaller(event)
    if (identified?.caller.via !== 'session') throw problems.unauthorized('Sign in first to link an account.')
    linkUserId = identified.user.id
  }
  if (provider !== 'oidc') {
    await saveSsoFlow(event, { provider, linkUserId })
    return runPresetHandler(event, provider, null)
  }
  const { url, checks } = await oidcAuthorizationUrl(config, ssoRedirectUri(event, provider)).catch(() => {
    throw problems.unavailable('The sign-in provider cannot be reached; try again later.')
  })
  await saveSsoFlow(event, { provider, linkUserId, ...checks })
  return sendRedirect(event, url, 302)
})
