import type { AtomWithEmbedding } from '../../shared/schemas/atom'
import type { SearchResult } from '../../shared/schemas/search'
import { atomSearchFields, indexableAtom, oramaAtomComponents, oramaAtomSchemaWith, oramaHybridParams, oramaWhere, toOramaRecord, type AtomFilters } from '../../shared/utils/atom-search'
import { searchExcerpts } from '../../shared/utils/highlight'
import { hasSearchWords } from '../../shared/utils/search-words'
import type { QueryEncoder } from './encoder'

export type OfflineSearchOptions = AtomFilters & { documentIds?: string[], limit: number, offset: number }

export type OfflineSearch = (text: string, options: OfflineSearchOptions) => Promise<SearchResult>

/**
 * The server's embedded search (same words, fields, weights, hybrid weighting, similarity floor and
 * highlights) over the given atoms. Kept apart from the device's database so it runs anywhere the atoms are.
 */
export async function buildOfflineIndex(atoms: AtomWithEmbedding[], vectors: Pick<QueryEncoder, 'version' | 'dims' | 'embedQuery'> | undefined): Promise<OfflineSearch> {
  // Loaded on first offline search only: nobody online pays for it.
  const { create, insertMultiple, search } = await import('@orama/orama')
  // Without vectors no atom fills the vector property, and its size does not matter.
  const dims = vectors?.dims ?? 1
  const db = create({ schema: oramaAtomSchemaWith(dims), components: oramaAtomComponents })
  await insertMultiple(db, atoms.map(atom => ({
    ...toOramaRecord(indexableAtom(atom)),
    // Atoms opened once online, not saved, come without a vector, and others keep one of another version: they match by keywords.
    ...(vectors && atom.embeddingVersion === vectors.version && atom.embedding?.length === dims && { embedding: atom.embedding }),
  })))
  const byId = new Map(atoms.map(atom => [atom.id, atom]))
  return async (text, { limit, offset, documentIds, ...filters }) => {
    // A query of stop words alone finds nothing, as on the server.
    if (!hasSearchWords(text)) return { items: [], total: 0 }
    const common = { term: text, ...atomSearchFields, where: oramaWhere(documentIds, filters), limit, offset }
    const vector = await vectors?.embedQuery(text)
    const result = vector ? await search(db, { ...common, ...oramaHybridParams(vector) }) : await search(db, common)
    return {
      items: result.hits.map((hit) => {
        const { embedding: _embedding, embeddingVersion: _version, ...atom } = byId.get(hit.id)!
        return { atom, score: hit.score, highlights: searchExcerpts(atom, text) }
      }),
      total: result.count,
    }
  }
}
