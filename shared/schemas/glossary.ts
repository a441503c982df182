import { z } from 'zod'

/** One of a document's key terms: how it is written, how sure the ranking is, what it means and where. */
export const keyTermSchema = z.object({
  term: z.string().meta({ description: 'The term as the document writes it (lower case unless it is a name).' }),
  key: z.string().meta({ description: 'Normalised form (lower case, singular), as in an atom\'s `terms`.' }),
  score: z.number().min(0).max(1).meta({ description: 'How likely it is a key term of the document, 0 to 1: the key-term model\'s probability (when the rules choose, relative to the best term, which scores 1); terms an author added score 1.' }),
  definition: z.string().nullable().meta({ description: 'What the term means, as the document (or an author) defines it; null when no definition was found.' }),
  atomId: z.string().meta({ description: 'The atom that defines the term, or else the first atom that uses it.' }),
})
export type KeyTerm = z.infer<typeof keyTermSchema>

/** A glossary entry: a key term with the title of its atom and the document it comes from. */
export const glossaryEntrySchema = keyTermSchema.extend({
  atomTitle: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
})
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>

/** `GET /api/v1/documents/:id/glossary`: the document's key terms, best first. */
export const documentGlossarySchema = z.object({
  documentId: z.string(),
  title: z.string(),
  items: z.array(glossaryEntrySchema),
})
export type DocumentGlossary = z.infer<typeof documentGlossarySchema>

/** `GET /api/v1/collections/:id/glossary`: the key terms of the collection's documents, each term once, best first. */
export const collectionGlossarySchema = z.object({
  collectionId: z.string(),
  name: z.string(),
  items: z.array(glossaryEntrySchema),
})
export type CollectionGlossary = z.infer<typeof collectionGlossarySchema>

export const termLabelChanges = ['added', 'removed', 'defined'] as const

/**
 * An author's correction of key terms, kept as a training label: a term added to or removed from the
 * document's key terms, or the definition an atom gives of a term (null: the atom does not define it).
 */
export const termLabelSchema = z.object({
  documentId: z.string(),
  atomId: z.string(),
  term: z.string(),
  key: z.string(),
  change: z.enum(termLabelChanges),
  /** For `defined`: the author's definition (null: none); for the others, null. */
  definition: z.string().nullable(),
  /** For `defined`: the definition the atom gave before. */
  previousDefinition: z.string().nullable(),
  /** The atom's plain text when it was labelled. */
  text: z.string(),
  userId: z.string(),
  at: z.string(),
})
export type TermLabel = z.infer<typeof termLabelSchema>
