import type { SsoProvider, SsoProviderId } from '../../../shared/schemas/auth'
import type { AppConfig } from '../../config'

export type SsoSettings = Pick<AppConfig, 'oidcIssuer' | 'oidcClientId' | 'oidcClientSecret' | 'oidcName'
  | 'oauthGithubClientId' | 'oauthGithubClientSecret' | 'oauthGoogleClientId' | 'oauthGoogleClientSecret'>

const configured: Record<SsoProviderId, (settings: SsoSettings) => boolean> = {
  oidc: settings => Boolean(settings.oidcIssuer && settings.oidcClientId && settings.oidcClientSecret),
  github: settings => Boolean(settings.oauthGithubClientId && settings.oauthGithubClientSecret),
  google: settings => Boolean(settings.oauthGoogleClientId && settings.oauthGoogleClientSecret),
}

const names: Record<SsoProviderId, (settings: SsoSettings) => string> = {
  oidc: settings => settings.oidcName,
  github: () => 'GitHub',
  google: () => 'Google',
}

export const isProviderConfigured = (settings: SsoSettings, provider: SsoProviderId): boolean => configured[provider](settings)

/** The providers whose client the settings give, as the sign-in page lists them. */
export function configuredProviders(settings: SsoSettings): SsoProvider[] {
  return (Object.keys(configured) as SsoProviderId[])
    .filter(provider => isProviderConfigured(settings, provider))
    .map(provider => ({ id: provider, name: names[provider](settings), startUrl: `/api/v1/auth/sso/${provider}` }))
}
