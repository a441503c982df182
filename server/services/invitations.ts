import { randomUUID } from 'node:crypto'
import type { CollectionShareRole } from '../../shared/schemas/collection'
import type { InvitationKind, InvitationView, PendingShare, ShareEntry } from '../../shared/schemas/sharing'
import type { Drivers } from '../drivers'
import type { DocumentStore, InvitationRecord } from '../drivers/store/types'
import { problems } from '../errors'
import { ownedCollection, ownedDocument } from './access'
import type { Actor } from './actor'

/**
 * Sharing by email. The owner invites an email; the invitation waits until the account with that email
 * accepts it, and only then does the share take effect and the owner learn the invitee's name and id. The
 * owner's answer is the same whether or not the email has an account (and costs the same lookups), so
 * sharing tells nobody which emails have accounts.
 */

type StoreDrivers = Pick<Drivers, 'store'>

/** The signed-in user as an invitee: invitations are addressed to their account's email. */
export type Invitee = Actor & { email: string }

/** A collection or a document, as an invitation names it. */
interface Target {
  kind: InvitationKind
  id: string
  name: string
  ownerId: string
}

/** What the owner shares, checked to be theirs (404 to anyone who may not read it, 403 to a reader). */
async function ownedTarget(store: DocumentStore, actor: Actor, kind: InvitationKind, id: string): Promise<Target> {
  if (kind === 'collection') {
    const { collection } = await ownedCollection(store, actor, id)
    return { kind, id, name: collection.name, ownerId: collection.ownerId }
  }
  const document = await ownedDocument(store, actor, id)
  return { kind, id, name: document.title, ownerId: document.ownerId }
}

/** The target of an invitation as it is now; null once it is gone. */
async function currentTarget(store: DocumentStore, kind: InvitationKind, id: string): Promise<Target | null> {
  if (kind === 'collection') {
    const collection = await store.collections.get(id)
    return collection && { kind, id, name: collection.name, ownerId: collection.ownerId }
  }
  const document = await store.documents.get(id)
  return document && { kind, id, name: document.title, ownerId: document.ownerId }
}

/** Who the target is shared with now, and as what. */
async function acceptedShares(store: DocumentStore, kind: InvitationKind, id: string): Promise<{ userId: string, role: CollectionShareRole }[]> {
  if (kind === 'collection') return store.collections.shares(id)
  return (await store.documents.sharedWith(id)).map(userId => ({ userId, role: 'viewer' as const }))
}

function grant(store: DocumentStore, kind: InvitationKind, id: string, userId: string, role: CollectionShareRole): Promise<void> {
  return kind === 'collection' ? store.collections.share(id, userId, role) : store.documents.share(id, userId)
}

const pendingEntry = (invitation: InvitationRecord): PendingShare => ({
  status: 'pending', invitationId: invitation.id, email: invitation.email, role: invitation.role, invitedAt: invitation.createdAt,
})

/**
 * Shares a collection (as viewer or editor) or a document (as viewer) with an email (owner only). A user who
 * already accepted a share of it gets the new role at once (the owner sees them in the list already); any
 * other email gets a pending invitation, or its pending invitation the new role.
 */
export async function shareByEmail(
  drivers: StoreDrivers, actor: Actor, kind: InvitationKind, id: string, email: string, role: CollectionShareRole,
): Promise<ShareEntry> {
  const { store } = drivers
  await ownedTarget(store, actor, kind, id)
  // Both lookups are made for every email, so the time taken does not tell whether it has an account.
  const [user, shares] = await Promise.all([store.users.findByEmail(email), acceptedShares(store, kind, id)])
  if (user?.id === actor.id) throw problems.badRequest(`You already own this ${kind}.`)
  if (user && shares.some(share => share.userId === user.id)) {
    await grant(store, kind, id, user.id, role)
    return { status: 'accepted', userId: user.id, email: user.email, name: user.name, role }
  }
  const invitation = await store.invitations.put({
    id: randomUUID(), kind, targetId: id, email, role, inviterId: actor.id, createdAt: new Date().toISOString(),
  })
  return pendingEntry(invitation)
}

/** Who the owner shares the collection or document with: accepted shares with the user's name, then pending invitations. */
export async function listShares(drivers: StoreDrivers, actor: Actor, kind: InvitationKind, id: string): Promise<ShareEntry[]> {
  const { store } = drivers
  await ownedTarget(store, actor, kind, id)
  const [shares, pending] = await Promise.all([acceptedShares(store, kind, id), store.invitations.listByTarget(kind, id)])
  const users = await Promise.all(shares.map(share => store.users.findById(share.userId)))
  const accepted = shares.flatMap((share, i): ShareEntry[] => {
    const user = users[i]
    return user ? [{ status: 'accepted', userId: user.id, email: user.email, name: user.name, role: share.role }] : []
  })
  return [...accepted, ...pending.map(pendingEntry)]
}

/** The invitation as its invitee sees it; null when what it shared is gone. */
async function invitationView(store: DocumentStore, invitation: InvitationRecord): Promise<InvitationView | null> {
  const [target, inviter] = await Promise.all([
    currentTarget(store, invitation.kind, invitation.targetId), store.users.findById(invitation.inviterId),
  ])
  if (!target) return null
  return {
    id: invitation.id, kind: invitation.kind, targetId: target.id, targetName: target.name, role: invitation.role,
    invitedBy: { name: inviter?.name ?? '', email: inviter?.email ?? '' }, createdAt: invitation.createdAt,
  }
}

/** The invitations to the actor's email, oldest first (those whose collection or document is gone are left out). */
export async function listInvitations(drivers: StoreDrivers, actor: Invitee): Promise<InvitationView[]> {
  const invitations = await drivers.store.invitations.listByEmail(actor.email)
  const views = await Promise.all(invitations.map(invitation => invitationView(drivers.store, invitation)))
  return views.filter(view => view !== null)
}

/** The invitation, if it is addressed to the actor; anyone else finds nothing. */
async function invitationTo(store: DocumentStore, actor: Invitee, id: string): Promise<InvitationRecord> {
  const invitation = await store.invitations.get(id)
  if (!invitation || invitation.email !== actor.email) throw problems.notFound('invitation', id)
  return invitation
}

/** The invitee accepts: the share takes effect, and the owner now sees their name. */
export async function acceptInvitation(drivers: StoreDrivers, actor: Invitee, id: string): Promise<InvitationView> {
  const { store } = drivers
  const invitation = await invitationTo(store, actor, id)
  const view = await invitationView(store, invitation)
  if (view) await grant(store, invitation.kind, invitation.targetId, actor.id, invitation.role)
  // Shared first, then removed: if this stops in between, accepting again finishes it.
  await store.invitations.delete(id)
  if (!view) throw problems.notFound('invitation', id)
  return view
}

/** Removes a pending invitation: its invitee declines it, or the owner of what it shares withdraws it. */
export async function removeInvitation(drivers: StoreDrivers, actor: Invitee, id: string): Promise<void> {
  const { store } = drivers
  const invitation = await store.invitations.get(id)
  const mayRemove = invitation !== null && (invitation.email === actor.email
    || (await currentTarget(store, invitation.kind, invitation.targetId))?.ownerId === actor.id)
  if (!mayRemove) throw problems.notFound('invitation', id)
  await store.invitations.delete(id)
}

/** A deleted collection or document takes its pending invitations with it. */
export async function removeInvitationsOf(drivers: StoreDrivers, kind: InvitationKind, id: string): Promise<void> {
  await drivers.store.invitations.deleteByTarget(kind, id)
}
