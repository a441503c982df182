import { publishedKeys } from '../../services/signing-keys'

/** GET /.well-known/jwks.json: the public keys that verify the token endpoint's access tokens. */
export default defineEventHandler(async (event) => {
  // Short: a rotation shows within minutes in every verifier's cache.
  setResponseHeader(event, 'cache-control', 'public, max-age=300')
  return publishedKeys(useDrivers().store)
})
