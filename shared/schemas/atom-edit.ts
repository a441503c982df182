import { z } from 'zod'
import { atomTypeSchema } from './atom'
import { idSchema } from './common'

/** What an author may write as a term's meaning. */
export const definitionMeaningSchema = z.string().trim().max(1000, 'a definition is too long (at most 1000 characters)')

export const atomTitleSchema = z.string().trim().min(1, 'title must not be empty').max(200, 'title is too long')

export const atomBodySchema = z.string().max(50_000, 'body is too long (at most 50000 characters)')
  .refine(body => body.trim().length > 0, 'body must not be empty')

const termSchema = z.string().trim().min(1, 'a term must not be empty').max(100, 'a term is too long')

/** An author's definition of one of the atom's key terms; an empty meaning says the atom does not define it. */
export const termDefinitionSchema = z.object({
  term: termSchema,
  meaning: definitionMeaningSchema,
})
export type TermDefinition = z.infer<typeof termDefinitionSchema>

/** PATCH /api/v1/atoms/:id: what an author may change; ids, order and links stay. */
export const atomPatchSchema = z.object({
  title: atomTitleSchema.optional(),
  type: atomTypeSchema.optional(),
  /** Markdown; rendered and sanitized again, and the atom's text, reading time and cards follow it. */
  body: atomBodySchema.optional(),
  /**
   * Key terms as the author wants them, replacing the atom's. A term taken out leaves the document's key terms
   * (every atom and the glossary); one put in joins them, and every atom that uses it.
   */
  terms: z.array(termSchema).max(50, 'at most 50 terms').optional(),
  /** What the atom says some of its key terms mean (after `terms`), replacing what it said; the others stay. */
  definitions: z.array(termDefinitionSchema).max(50, 'at most 50 definitions').optional(),
}).refine(patch => Object.values(patch).some(value => value !== undefined), 'give at least one of title, type, body, terms or definitions')
export type AtomPatch = z.infer<typeof atomPatchSchema>

/** POST /api/v1/atoms/:id/split: the character offset in the body where the second atom starts (a paragraph boundary). */
export const atomSplitSchema = z.object({
  offset: z.number().int('offset must be a whole number').min(1, 'offset must be at least 1'),
})
export type AtomSplit = z.infer<typeof atomSplitSchema>

/** POST /api/v1/atoms/merge: two atoms of one document, the second directly after the first in reading order. */
export const atomMergeSchema = z.object({
  ids: z.tuple([idSchema, idSchema]),
}).refine(({ ids }) => ids[0] !== ids[1], { message: 'merge two different atoms', path: ['ids'] })
export type AtomMerge = z.infer<typeof atomMergeSchema>

/** An author's correction of an atom's type, kept as a training label for the type classifier. */
export const typeLabelSchema = z.object({
  atomId: z.string(),
  documentId: z.string(),
  /** The atom's plain text when it was labelled. */
  text: z.string(),
  type: atomTypeSchema,
  previousType: atomTypeSchema,
  userId: z.string(),
  at: z.string(),
})
export type TypeLabel = z.infer<typeof typeLabelSchema>
