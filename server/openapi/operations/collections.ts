import { z } from 'zod'
import { atomSchema } from '../../../shared/schemas/atom'
import {
  collectionAtomsQuerySchema, collectionCreateSchema, collectionPatchSchema, collectionShareSchema, collectionViewSchema,
} from '../../../shared/schemas/collection'
import { idParamsSchema, idSchema, pageQuerySchema, pageSchema } from '../../../shared/schemas/common'
import { documentPageQuerySchema, documentViewSchema } from '../../../shared/schemas/document'
import { collectionGlossarySchema } from '../../../shared/schemas/glossary'
import { shareListSchema } from '../../../shared/schemas/sharing'
import { defineOperation, routeOf } from '../operation'
import { shareResponses } from './sharing'

const tag = 'collections'

export const collectionOperations = {
  list: defineOperation({
    ...routeOf('listCollections'), tag, signedIn: true,
    summary: 'My collections and those shared with me, newest first, each with my role',
    query: pageQuerySchema,
    responses: { 200: { description: 'A page of collections.', schema: pageSchema(collectionViewSchema) } },
  }),
  create: defineOperation({
    ...routeOf('createCollection'), tag, signedIn: true,
    summary: 'Create a collection',
    body: collectionCreateSchema,
    responses: { 201: { description: 'The new collection.', schema: collectionViewSchema } },
    problems: [403],
  }),
  get: defineOperation({
    ...routeOf('getCollection'), tag, signedIn: true,
    summary: 'A collection I own or that is shared with me',
    params: idParamsSchema,
    responses: { 200: { description: 'The collection.', schema: collectionViewSchema } },
    problems: [404],
  }),
  patch: defineOperation({
    ...routeOf('patchCollection'), tag, signedIn: true,
    summary: 'Rename or redescribe a collection (owner and editors)',
    params: idParamsSchema, body: collectionPatchSchema,
    responses: { 200: { description: 'The collection.', schema: collectionViewSchema } },
    problems: [403, 404],
  }),
  delete: defineOperation({
    ...routeOf('deleteCollection'), tag, signedIn: true,
    summary: 'Remove a collection and its shares (owner); its documents stay, in no collection',
    params: idParamsSchema,
    responses: { 204: { description: 'Removed.' } },
    problems: [403, 404],
  }),
  documents: defineOperation({
    ...routeOf('listCollectionDocuments'), tag, signedIn: true,
    summary: 'The documents in a collection, newest or oldest first, optionally only those in some states',
    params: idParamsSchema, query: documentPageQuerySchema,
    responses: { 200: { description: 'A page of documents.', schema: pageSchema(documentViewSchema) } },
    problems: [404],
  }),
  atoms: defineOperation({
    ...routeOf('listCollectionAtoms'), tag, signedIn: true,
    summary: 'A collection\'s atoms in reading order, optionally of some types and difficulties',
    params: idParamsSchema, query: collectionAtomsQuerySchema,
    responses: { 200: { description: 'A page of atoms.', schema: pageSchema(atomSchema) } },
    problems: [404],
  }),
  glossary: defineOperation({
    ...routeOf('getCollectionGlossary'), tag, signedIn: true,
    summary: 'The key terms of a collection\'s documents, each term once, best first',
    description: 'The glossaries of its documents (see `GET /api/v1/documents/{id}/glossary`) as one: where documents '
      + 'share a term, the entry that defines it wins, then the one with the higher score, then the older document\'s.',
    params: idParamsSchema,
    responses: { 200: { description: 'The glossary.', schema: collectionGlossarySchema } },
    problems: [404],
  }),
  shares: defineOperation({
    ...routeOf('listCollectionShares'), tag, signedIn: true,
    summary: 'Who a collection is shared with, and the invitations pending (owner)',
    description: 'Accepted shares name the user; pending invitations show only the email as it was typed.',
    params: idParamsSchema,
    responses: { 200: { description: 'The shares.', schema: shareListSchema } },
    problems: [403, 404],
  }),
  share: defineOperation({
    ...routeOf('shareCollection'), tag, signedIn: true,
    summary: 'Invite someone (by email) to a collection as viewer or editor, or change the role (owner)',
    params: idParamsSchema, body: collectionShareSchema,
    responses: shareResponses,
    problems: [403, 404],
  }),
  unshare: defineOperation({
    ...routeOf('unshareCollection'), tag, signedIn: true,
    summary: 'Stop sharing a collection with a user (owner)',
    params: z.object({ id: idSchema, userId: idSchema }),
    responses: { 204: { description: 'No longer shared.' } },
    problems: [403, 404],
  }),
}
