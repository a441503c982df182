import { z } from 'zod'
import { atomTypeSchema, difficultyLabelSchema } from './atom'
import { idSchema, listParam, pageQuerySchema } from './common'
import { shareSchema } from './document'

/** The caller's role on a collection: its owner, or what its owner shared it as. */
export const collectionRoles = ['owner', 'editor', 'viewer'] as const
export const collectionRoleSchema = z.enum(collectionRoles)
export type CollectionRole = z.infer<typeof collectionRoleSchema>

/** What a collection can be shared as. */
export const collectionShareRoleSchema = z.enum(['viewer', 'editor'])
export type CollectionShareRole = z.infer<typeof collectionShareRoleSchema>

export const collectionViewSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  name: z.string(),
  description: z.string(),
  documentCount: z.number().int().min(0),
  /** The caller's role on it. */
  role: collectionRoleSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type CollectionView = z.infer<typeof collectionViewSchema>

export const collectionNameSchema = z.string().trim().min(1, 'name must not be empty').max(120, 'name is too long')
export const collectionDescriptionSchema = z.string().trim().max(2000, 'description is too long')

/** `POST /api/v1/collections`. */
export const collectionCreateSchema = z.object({
  name: collectionNameSchema,
  description: collectionDescriptionSchema.optional(),
})
export type CollectionCreate = z.infer<typeof collectionCreateSchema>

/** `PATCH /api/v1/collections/:id`: the fields to change. */
export const collectionPatchSchema = z.object({
  name: collectionNameSchema.optional(),
  description: collectionDescriptionSchema.optional(),
})
export type CollectionPatch = z.infer<typeof collectionPatchSchema>

/** `POST /api/v1/collections/:id/shares`: who (by email) and as what. */
export const collectionShareSchema = shareSchema.extend({
  role: collectionShareRoleSchema,
})
export type CollectionShare = z.infer<typeof collectionShareSchema>

/** `PUT /api/v1/documents/:id/collection`: the collection to move the document into, or null for none. */
export const documentCollectionSchema = z.object({
  collectionId: idSchema.nullable(),
})

/** `GET /api/v1/collections/:id/atoms`: pages of up to 200 atoms, optionally only some types and difficulties. */
export const collectionAtomsQuerySchema = pageQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  type: listParam(atomTypeSchema),
  difficulty: listParam(difficultyLabelSchema),
})
export type CollectionAtomsQuery = z.infer<typeof collectionAtomsQuerySchema>
