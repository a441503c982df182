import { z } from 'zod'
import { collectionShareRoleSchema } from './collection'
import { idSchema } from './common'

/**
 * Sharing by email goes through an invitation: the owner's answer is the same whether or not the email has
 * an account, and the invitee's name and id reach the owner only once they accept.
 */

/** What an invitation shares. */
export const invitationKindSchema = z.enum(['collection', 'document'])
export type InvitationKind = z.infer<typeof invitationKindSchema>

/** What something is shared as: a document only as viewer, a collection also as editor. */
const shareRoleSchema = collectionShareRoleSchema

/** A share the invitee accepted: now the owner sees who they are. */
export const acceptedShareSchema = z.object({
  status: z.literal('accepted'),
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: shareRoleSchema,
})
export type AcceptedShare = z.infer<typeof acceptedShareSchema>

/** An invitation not yet accepted: only the email the owner typed, whether or not it has an account. */
export const pendingShareSchema = z.object({
  status: z.literal('pending'),
  invitationId: z.string(),
  email: z.string(),
  role: shareRoleSchema,
  invitedAt: z.string(),
})
export type PendingShare = z.infer<typeof pendingShareSchema>

/** One entry of an owner's list of shares (`GET /api/v1/collections/:id/shares`, `…/documents/:id/shares`). */
export const shareEntrySchema = z.discriminatedUnion('status', [acceptedShareSchema, pendingShareSchema])
export type ShareEntry = z.infer<typeof shareEntrySchema>

export const shareListSchema = z.object({ items: z.array(shareEntrySchema) })

/** An invitation to the signed-in user (`GET /api/v1/invitations`): what is shared, by whom, as what. */
export const invitationViewSchema = z.object({
  id: z.string(),
  kind: invitationKindSchema,
  /** The collection's or the document's id; readable once accepted. */
  targetId: z.string(),
  /** The collection's name or the document's title. */
  targetName: z.string(),
  role: shareRoleSchema,
  invitedBy: z.object({ name: z.string(), email: z.string() }),
  createdAt: z.string(),
})
export type InvitationView = z.infer<typeof invitationViewSchema>

export const invitationListSchema = z.object({ items: z.array(invitationViewSchema) })

export const invitationParamsSchema = z.object({ id: idSchema })
