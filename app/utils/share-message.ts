import type { ShareEntry } from '#shared/schemas/sharing'

/** What the owner is told after sharing: an invitation is on its way, or a share already accepted changed role. */
export function shareMessage(entry: ShareEntry): string {
  return entry.status === 'pending'
    ? `Invitation sent to ${entry.email}. It takes effect when they accept it, after signing in or creating an account with that email.`
    : `${entry.name} is now ${entry.role === 'editor' ? 'an editor' : 'a viewer'}.`
}
