import { listTokens as listTokensRoute } from '#shared/api/routes'
import type { AccessToken, IssuedToken, TokenCreateInput } from '#shared/schemas/tokens'

/** My personal access tokens: listed without secrets; a secret is shown once, right after creating or rotating. */
export const useTokensStore = defineStore('tokens', () => {
  const request = useApi()
  const tokens = ref<AccessToken[]>([])
  /** The secret just issued, shown until the page is left or another is issued. */
  const issued = ref<IssuedToken | null>(null)

  const path = (id: string) => `${listTokensRoute.path}/${encodeURIComponent(id)}`

  async function load() {
    tokens.value = (await request<{ items: AccessToken[] }>(listTokensRoute.path)).items
  }

  async function create(input: TokenCreateInput) {
    issued.value = await request<IssuedToken>(listTokensRoute.path, { method: 'POST', body: input })
    await load()
  }

  async function revoke(id: string) {
    await request(path(id), { method: 'DELETE' })
    if (issued.value?.token.id === id) issued.value = null
    await load()
  }

  async function rotate(id: string) {
    issued.value = await request<IssuedToken>(`${path(id)}/rotate`, { method: 'POST' })
    await load()
  }

  return { tokens, issued, load, create, revoke, rotate }
})
