import type { H3Event } from 'h3'
import { gitHubProfile, googleProfile, type GitHubUser, type GoogleUser } from '../services/sso/presets'
import { finishSso, refuseSso, ssoRedirectUri, type SsoFlow } from './sso-flow'

/**
 * The GitHub and Google presets: nuxt-auth-utils' handlers, made per request from the settings. The same handler
 * starts (no `code`: it redirects to the provider with its own state cookie) and finishes (checks the state, redeems
 * the code, fetches the user). GitHub's OAuth apps support no nonce, Google's handler sends none; state guards both.
 */
export function runPresetHandler(event: H3Event, provider: 'github' | 'google', flow: SsoFlow | null) {
  const config = useConfig()
  const onError = (failed: H3Event) => refuseSso(failed, flow, 'failed')
  if (provider === 'github') {
    return defineOAuthGitHubEventHandler({
      config: { clientId: config.oauthGithubClientId, clientSecret: config.oauthGithubClientSecret, redirectURL: ssoRedirectUri(event, provider), emailRequired: true },
      onSuccess: (done, { user }: { user: GitHubUser }) => flow ? finishSso(done, flow, gitHubProfile(user)) : onError(done),
      onError,
    })(event)
  }
  return defineOAuthGoogleEventHandler({
    config: { clientId: config.oauthGoogleClientId, clientSecret: config.oauthGoogleClientSecret, redirectURL: ssoRedirectUri(event, provider) },
    onSuccess: (done, { user }: { user: GoogleUser }) => flow ? finishSso(done, flow, googleProfile(user)) : onError(done),
    onError,
  })(event)
}
