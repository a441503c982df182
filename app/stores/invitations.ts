import type { InvitationView } from '#shared/schemas/sharing'

/** Invitations to the signed-in user's email: collections and documents others want to share with them. */
export const useInvitationsStore = defineStore('invitations', () => {
  const request = useApi()
  const items = ref<InvitationView[]>([])

  async function load() {
    items.value = (await request<{ items: InvitationView[] }>('/api/v1/invitations')).items
  }

  const path = (id: string) => `/api/v1/invitations/${encodeURIComponent(id)}`
  const forget = (id: string) => {
    items.value = items.value.filter(item => item.id !== id)
  }

  /** The share takes effect: the collection or document is readable from now on. */
  async function accept(id: string) {
    const accepted = await request<InvitationView>(`${path(id)}/accept`, { method: 'POST' })
    forget(id)
    return accepted
  }

  async function decline(id: string) {
    await request(path(id), { method: 'DELETE' })
    forget(id)
  }

  return { items, load, accept, decline }
})
