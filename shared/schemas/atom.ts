import { z } from 'zod'
import { atomTypes, cardKinds, difficultyLabels } from '../utils/vocabulary'
import { listParam, pageQuerySchema } from './common'

export const atomTypeSchema = z.enum(atomTypes)
export type AtomType = z.infer<typeof atomTypeSchema>

export const difficultyLabelSchema = z.enum(difficultyLabels)
export type DifficultyLabel = z.infer<typeof difficultyLabelSchema>

export const cardSchema = z.object({
  type: z.enum(cardKinds),
  front: z.string(),
  back: z.string(),
  steps: z.array(z.string()).optional(),
})
export type Card = z.infer<typeof cardSchema>

export const atomTermSchema = z.object({
  term: z.string(),
  /** Normalised form: lower case, singular. */
  key: z.string(),
  /** The atom that defines the term, if any does. */
  definedBy: z.string().optional(),
})
export type AtomTerm = z.infer<typeof atomTermSchema>

export const atomSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  order: z.number().int().min(0),
  title: z.string(),
  type: atomTypeSchema,
  /** Markdown as written in the source (raw HTML never survives). */
  body: z.string(),
  /** Sanitized HTML rendered from `body`; safe to put in a page. */
  html: z.string(),
  /** Plain text, for reading aloud, search and NLP. */
  text: z.string(),
  headingTrail: z.array(z.string()),
  wordCount: z.number().int().min(0),
  readingTimeSec: z.number().int().min(0),
  difficulty: z.number().min(0).max(1),
  difficultyLabel: difficultyLabelSchema,
  terms: z.array(atomTermSchema),
  definitions: z.array(z.object({ term: z.string(), meaning: z.string() })),
  prerequisites: z.array(z.string()),
  related: z.array(z.object({ id: z.string(), score: z.number() })),
  cards: z.array(cardSchema),
  /** Where it came from: heading trail, page (paginated sources) and character span. */
  source: z.object({ start: z.number().int(), end: z.number().int(), page: z.number().int().optional() }),
})
export type Atom = z.infer<typeof atomSchema>

/** An atom with the vector of its meaning, for clients that search by meaning themselves (offline search). */
export const atomWithEmbeddingSchema = atomSchema.extend({
  embedding: z.array(z.number()).optional()
    .meta({ description: 'Unit vector of the atom\'s title and text from the server\'s text encoder; absent when the atom has none.' }),
  embeddingVersion: z.string().optional()
    .meta({ description: 'Version of the text encoder that made `embedding` (see `GET /api/v1/embeddings`): only query vectors of the same version compare with it.' }),
})
export type AtomWithEmbedding = z.infer<typeof atomWithEmbeddingSchema>

/** `GET /api/v1/documents/:id/atoms`: pages of atoms, with `include=embedding` their vectors too. */
export const documentAtomsQuerySchema = pageQuerySchema.extend({
  include: listParam(z.enum(['embedding'])),
})
export type DocumentAtomsQuery = z.infer<typeof documentAtomsQuerySchema>

/** An atom named by its id and title, for a link or a list. */
export const atomTitleRefSchema = z.object({ id: z.string(), title: z.string() })

/** What an atom links to, with titles, for a reader to follow (GET /api/v1/atoms/:id/links). */
export const atomLinksSchema = z.object({
  prerequisites: z.array(atomTitleRefSchema),
  related: z.array(atomTitleRefSchema.extend({ score: z.number() })),
  /** For each of the atom's terms that some atom defines: that atom. */
  definitions: z.array(atomTitleRefSchema.extend({ term: z.string() })),
  /** Near-identical atoms (by meaning, cosine `score`) in other documents the reader may read, nearest first. */
  duplicates: z.array(atomTitleRefSchema.extend({ documentId: z.string(), documentTitle: z.string(), score: z.number() })),
})
export type AtomLinks = z.infer<typeof atomLinksSchema>

/** GET /api/v1/documents/:id/reading-order: every atom after its prerequisites. */
export const readingOrderSchema = z.object({ items: z.array(atomTitleRefSchema) })
