/**
 * Near-duplicate atoms: the same paragraph in two documents, or an edited copy. The server asks its search
 * index for the nearest atoms; the browser's offline links view compares the vectors on the device. Both
 * keep the same ones by the rules here.
 */
import { dot } from './text-encoder'

/** Cosine similarity from which two atoms say the same thing. */
export const duplicateSimilarity = 0.95
/** At most this many are listed for an atom. */
export const maxDuplicates = 5

/** The score a duplicate is listed with: its similarity to three decimals. */
export const duplicateScore = (similarity: number) => Math.round(similarity * 1000) / 1000

export interface EmbeddedAtom {
  id: string
  documentId: string
  embedding?: number[]
  /** The version of the text encoder that made `embedding`: vectors of two versions are never compared. */
  embeddingVersion?: string
}

/**
 * The near-duplicates of an atom among candidates (those of its own document never count), most similar
 * first, scored; atoms without a vector of the same size and encoder version are left out.
 */
export function nearDuplicates(atom: EmbeddedAtom, candidates: Iterable<EmbeddedAtom>): { id: string, score: number }[] {
  const vector = atom.embedding
  if (!vector?.length) return []
  const near: { id: string, similarity: number }[] = []
  for (const other of candidates) {
    if (other.documentId === atom.documentId || other.embedding?.length !== vector.length || other.embeddingVersion !== atom.embeddingVersion) continue
    const similarity = dot(vector, other.embedding)
    if (similarity >= duplicateSimilarity) near.push({ id: other.id, similarity })
  }
  return near.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1))
    .slice(0, maxDuplicates)
    .map(({ id, similarity }) => ({ id, score: duplicateScore(similarity) }))
}
