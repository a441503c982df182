import { z } from 'zod'
import { atomWithEmbeddingSchema, documentAtomsQuerySchema, readingOrderSchema } from '../../../shared/schemas/atom'
import { documentCollectionSchema } from '../../../shared/schemas/collection'
import { idParamsSchema, idSchema, pageSchema } from '../../../shared/schemas/common'
import { completeUploadSchema, directUploadRequestSchema, directUploadSchema, uploadIdParamsSchema } from '../../../shared/schemas/direct-upload'
import { documentAcceptedSchema, documentListQuerySchema, documentViewSchema, shareSchema, uploadFormSchema } from '../../../shared/schemas/document'
import { documentGlossarySchema } from '../../../shared/schemas/glossary'
import { shareListSchema } from '../../../shared/schemas/sharing'
import { defineOperation, routeOf } from '../operation'
import { shareResponses } from './sharing'

const tag = 'documents'
/** What every upload can be refused with: no length, too large, not a format the atomizer reads, too many at once. */
const uploadProblems = [411, 413, 415, 429]

export const documentOperations = {
  list: defineOperation({
    ...routeOf('listDocuments'), tag, signedIn: true,
    summary: 'My documents, or those shared with me, newest or oldest first, optionally only those in some states',
    query: documentListQuerySchema,
    responses: { 200: { description: 'A page of documents.', schema: pageSchema(documentViewSchema) } },
  }),
  upload: defineOperation({
    ...routeOf('uploadDocument'), tag, signedIn: true, rateLimit: 'uploads',
    summary: 'Upload a document to atomize',
    description: 'Markdown, HTML, plain text, PDF, DOCX or EPUB, as multipart/form-data. Authors and admins only.',
    upload: uploadFormSchema,
    responses: { 202: { description: 'Stored and queued.', schema: documentAcceptedSchema } },
    problems: [403, 404, ...uploadProblems],
  }),
  get: defineOperation({
    ...routeOf('getDocument'), tag, signedIn: true,
    summary: 'A document\'s status, progress and atom count',
    params: idParamsSchema,
    responses: { 200: { description: 'The document.', schema: documentViewSchema } },
    problems: [404],
  }),
  delete: defineOperation({
    ...routeOf('deleteDocument'), tag, signedIn: true,
    summary: 'Remove a document with its atoms, file and index entries (owner)',
    params: idParamsSchema,
    responses: { 204: { description: 'Removed.' } },
    problems: [403, 404],
  }),
  downloadFile: defineOperation({
    ...routeOf('downloadDocumentFile'), tag, signedIn: true,
    summary: 'The original file',
    params: idParamsSchema,
    responses: {
      200: { description: 'The file, as an attachment.', schema: z.string().meta({ format: 'binary' }), contentType: '*/*' },
      302: { description: 'A short-lived storage URL to fetch it from.', headers: z.object({ location: z.string().meta({ description: 'The URL.' }) }) },
    },
    problems: [404],
  }),
  replaceFile: defineOperation({
    ...routeOf('replaceDocumentFile'), tag, signedIn: true, rateLimit: 'uploads',
    summary: 'Upload an edited version (owner); unchanged atoms keep their ids',
    params: idParamsSchema, upload: uploadFormSchema.omit({ collectionId: true }),
    responses: { 202: { description: 'Stored and queued.', schema: documentViewSchema } },
    problems: [403, 404, 409, ...uploadProblems],
  }),
  cancel: defineOperation({
    ...routeOf('cancelDocument'), tag, signedIn: true,
    summary: 'Stop processing (owner); the document ends failed, "Cancelled."',
    params: idParamsSchema,
    responses: { 200: { description: 'The cancelled document.', schema: documentViewSchema } },
    problems: [403, 404, 409],
  }),
  reprocess: defineOperation({
    ...routeOf('reprocessDocument'), tag, signedIn: true, rateLimit: 'uploads',
    summary: 'Atomize the stored file again (owner)',
    params: idParamsSchema,
    responses: { 202: { description: 'Queued again.', schema: documentViewSchema } },
    problems: [403, 404, 409],
  }),
  readingOrder: defineOperation({
    ...routeOf('getReadingOrder'), tag, signedIn: true,
    summary: 'The document\'s atoms, every one after its prerequisites',
    params: idParamsSchema,
    responses: { 200: { description: 'Atom ids and titles in reading order.', schema: readingOrderSchema } },
    problems: [404],
  }),
  atoms: defineOperation({
    ...routeOf('listDocumentAtoms'), tag, signedIn: true,
    summary: 'The document\'s atoms in reading order',
    description: 'With `include=embedding` each atom carries its embedding (64 numbers with the built-in encoder), '
      + 'for clients that search by meaning on their own, as the offline app does.',
    params: idParamsSchema, query: documentAtomsQuerySchema,
    responses: { 200: { description: 'A page of atoms.', schema: pageSchema(atomWithEmbeddingSchema) } },
    problems: [404],
  }),
  glossary: defineOperation({
    ...routeOf('getDocumentGlossary'), tag, signedIn: true,
    summary: 'The document\'s key terms, best first, each with its definition and the atom that defines it',
    description: 'Each entry: the term, its score (0 to 1, how strongly it is a key term of the document), what it means '
      + '(null when no definition was found) and the atom that defines it, or else the first atom that uses it. '
      + 'Authors\' corrections in the atom editor hold: a term they removed never comes back, one they added stays, '
      + 'and a definition they gave replaces the one found. Empty until the document has been processed.',
    params: idParamsSchema,
    responses: { 200: { description: 'The glossary.', schema: documentGlossarySchema } },
    problems: [404],
  }),
  move: defineOperation({
    ...routeOf('moveDocument'), tag, signedIn: true,
    summary: 'Move the document into a collection, or out of any with null',
    params: idParamsSchema, body: documentCollectionSchema,
    responses: { 200: { description: 'The moved document.', schema: documentViewSchema } },
    problems: [403, 404],
  }),
  shares: defineOperation({
    ...routeOf('listDocumentShares'), tag, signedIn: true,
    summary: 'Who the document is shared with, and the invitations pending (owner)',
    description: 'Accepted shares name the user; pending invitations show only the email as it was typed.',
    params: idParamsSchema,
    responses: { 200: { description: 'The shares.', schema: shareListSchema } },
    problems: [403, 404],
  }),
  share: defineOperation({
    ...routeOf('shareDocument'), tag, signedIn: true,
    summary: 'Invite someone (by email) to read the document (owner)',
    params: idParamsSchema, body: shareSchema,
    responses: shareResponses,
    problems: [403, 404],
  }),
  unshare: defineOperation({
    ...routeOf('unshareDocument'), tag, signedIn: true,
    summary: 'Stop sharing the document with a user (owner)',
    params: z.object({ id: idSchema, userId: idSchema }),
    responses: { 204: { description: 'No longer shared.' } },
    problems: [403, 404],
  }),
  startDirectUpload: defineOperation({
    ...routeOf('startDirectUpload'), tag, signedIn: true, rateLimit: 'uploads',
    summary: 'Where to upload a file straight to file storage',
    description: 'Only when files are kept on S3; otherwise 501 `direct-upload-unavailable`: upload with `POST /api/v1/documents`.',
    body: directUploadRequestSchema,
    responses: { 201: { description: 'Send the file there, then complete the upload.', schema: directUploadSchema } },
    problems: [403, 404, 413, 415, 501],
  }),
  completeDirectUpload: defineOperation({
    ...routeOf('completeDirectUpload'), tag, signedIn: true,
    summary: 'Turn a file sent to file storage into a document',
    params: uploadIdParamsSchema, body: completeUploadSchema,
    responses: { 202: { description: 'Stored and queued.', schema: documentAcceptedSchema } },
    problems: [403, 404, 409, 413, 415],
  }),
}
