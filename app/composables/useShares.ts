import type { CollectionShareRole } from '#shared/schemas/collection'
import type { InvitationKind, ShareEntry } from '#shared/schemas/sharing'

/**
 * The owner's view of who a collection or document is shared with: accepted shares (with the user's name) and
 * invitations still pending (only the email typed). Sharing invites an email; it takes effect when they accept.
 */
export function useShares(kind: InvitationKind, id: () => string) {
  const request = useApi()
  const entries = ref<ShareEntry[]>([])
  const path = () => `/api/v1/${kind}s/${encodeURIComponent(id())}/shares`

  async function load() {
    entries.value = (await request<{ items: ShareEntry[] }>(path())).items
  }

  /** Invites the email (or changes the role of its share); the entry the server answered replaces the one it had. */
  async function share(email: string, role: CollectionShareRole = 'viewer'): Promise<ShareEntry> {
    const entry = await request<ShareEntry>(path(), { method: 'POST', body: kind === 'collection' ? { email, role } : { email } })
    entries.value = [...entries.value.filter(item => item.email !== entry.email), entry]
    return entry
  }

  async function stop(userId: string) {
    await request(`${path()}/${encodeURIComponent(userId)}`, { method: 'DELETE' })
    entries.value = entries.value.filter(item => item.status !== 'accepted' || item.userId !== userId)
  }

  async function withdraw(invitationId: string) {
    await request(`/api/v1/invitations/${encodeURIComponent(invitationId)}`, { method: 'DELETE' })
    entries.value = entries.value.filter(item => item.status !== 'pending' || item.invitationId !== invitationId)
  }

  return { entries, load, share, stop, withdraw }
}
