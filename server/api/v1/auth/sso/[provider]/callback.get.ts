import { problems } from '../../../../../errors'
import { signInOperations } from '../../../../../openapi/operations'
import { oidcProfile } from '../../../../../services/sso/oidc'
import { isProviderConfigured } from '../../../../../services/sso/providers'

/** GET /api/v1/auth/sso/:provider/callback: the provider's redirect back → 302, signed in or to the sign-in page saying why not. */
export default defineEventHandler(async (event) => {
  // Before anything else: an address out of attempts costs the server and the provider nothing more.
  await enforceRateLimit('ssoCallbackAddress', requestAddress(event))
  const { params: { provider } } = await validRequest(event, signInOperations.finishSso)
  const config = useConfig()
  if (!isProviderConfigured(config, provider)) throw problems.notFound('sign-in provider', provider)
  const flow = await takeSsoFlow(event, provider)
  if (provider !== 'oidc') return runPresetHandler(event, provider, flow)
  if (!flow?.state || !flow.nonce || !flow.codeVerifier) return refuseSso(event, flow, 'failed')
  const callbackUrl = new URL(ssoRedirectUri(event, provider))
  callbackUrl.search = getRequestURL(event).search
  const checks = { state: flow.state, nonce: flow.nonce, codeVerifier: flow.codeVerifier }
  const profile = await oidcProfile(config, callbackUrl, checks).catch(() => null)
  return profile ? finishSso(event, flow, profile) : refuseSso(event, flow, 'failed')
})
