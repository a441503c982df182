import { errors, type Client, type estypes } from '@elastic/elasticsearch'
import { stopWords } from '../../../shared/utils/search-words'

/** Fields searched as text, with the weight of a match in each (the same weights as the embedded index). */
export const textFields = ['title^2', 'headingTrail^1.5', 'terms^2', 'body']

/** The pattern of the versioned indices behind an alias: `<alias>-v1`, `<alias>-v2`, … */
export const versionPattern = (alias: string) => `${alias}-v*`
export const versionName = (alias: string, version: number) => `${alias}-v${version}`

/** The version of an index behind `alias`, or undefined for a name that is not one of its versions. */
export function versionOf(alias: string, index: string): number | undefined {
  const match = index.startsWith(`${alias}-v`) ? /^\d+$/.exec(index.slice(alias.length + 2)) : null
  return match ? Number(match[0]) : undefined
}

/**
 * The analyzer to index with: the one configured when the cluster has it, else `standard`, with a
 * warning (clusters built without the analysis modules lack the language analyzers such as `english`).
 */
export async function resolveAnalyzer(client: Client, analyzer: string): Promise<string> {
  if (analyzer === 'standard') return analyzer
  try {
    await client.indices.analyze({ analyzer, text: 'probe' })
    return analyzer
  }
  catch (error) {
    if (!(error instanceof errors.ResponseError) || error.statusCode !== 400) throw error
    console.warn(`[search] Elasticsearch has no analyzer "${analyzer}"; indexing with "standard" instead`)
    return 'standard'
  }
}

/**
 * Bumped when what the index stores or how it analyzes text changes: an index behind the alias made with an
 * older version is outdated, and the start-up reconciliation rebuilds it (see `outdated()`).
 * 2: text folded and stop words left out, as in the embedded index; the text as written kept apart for highlights;
 *    vectors unquantized, so the similarity floor compares exact cosines.
 */
export const mappingVersion = 2

/** Our analyzer of the text fields when the configured one is `standard` or `english`: see `resolveTextAnalysis`. */
export const atomTextAnalyzer = 'atom_text'

export interface TextAnalysis {
  analyzer: string
  /** The index's analysis settings that define `analyzer`, when it is ours. */
  analysis?: estypes.IndicesIndexSettingsAnalysis
}

/** Whether the cluster has a token filter (clusters built without the analysis modules lack most). */
async function hasFilter(client: Client, filter: string): Promise<boolean> {
  try {
    await client.indices.analyze({ tokenizer: 'standard', filter: [filter], text: 'probe' })
    return true
  }
  catch (error) {
    if (!(error instanceof errors.ResponseError) || error.statusCode !== 400) throw error
    return false
  }
}

/**
 * The text analysis to index with. For `standard` and `english` (the default): the standard tokenizer, lower
 * case, ASCII folding, the shared stop words (shared/utils/search-words.ts) and, for `english`, the Porter
 * stemmer, each filter where the cluster has it. The driver also folds the text it sends, so a cluster
 * without `asciifolding` still matches "Tenochtitlan" to "Tenochtitlán". Any other analyzer is used as given.
 */
export async function resolveTextAnalysis(client: Client, configured: string): Promise<TextAnalysis> {
  const analyzer = await resolveAnalyzer(client, configured)
  if (analyzer !== 'standard' && analyzer !== 'english') return { analyzer }
  const folding = await hasFilter(client, 'asciifolding') ? ['asciifolding'] : []
  const stemming = analyzer === 'english' && await hasFilter(client, 'porter_stem') ? ['porter_stem'] : []
  return {
    analyzer: atomTextAnalyzer,
    analysis: {
      filter: { atom_stop: { type: 'stop', stopwords: [...stopWords] } },
      analyzer: { [atomTextAnalyzer]: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', ...folding, 'atom_stop', ...stemming] } },
    },
  }
}

export interface MappingOptions extends TextAnalysis {
  vectorDims: number
}

const analyzedText = (analyzer: string): estypes.MappingProperty => ({
  type: 'text',
  analyzer,
  // Every word of a query also matches as a prefix (as in the embedded index); indexed prefixes keep that fast.
  index_prefixes: { min_chars: 2, max_chars: 8 },
})

/** The version of the encoder that made an atom's vector: kNN matches only vectors of the query's version. */
export const embeddingVersionMapping = { embeddingVersion: { type: 'keyword' } } satisfies Record<string, estypes.MappingProperty>

/** The title and body as written, kept (not indexed) for highlights: the searched fields hold them folded. */
export const shownMapping = { shown: { type: 'object', enabled: false } } satisfies Record<string, estypes.MappingProperty>

/** The mapping version an index was made with (1 for indices made before versions were recorded). */
export const mappingVersionOf = (mapping: estypes.MappingTypeMapping | undefined) => Number(mapping?._meta?.mappingVersion ?? 1)

export function indexMappings({ analyzer, vectorDims }: MappingOptions): estypes.MappingTypeMapping {
  return {
    dynamic: 'strict',
    _meta: { mappingVersion },
    properties: {
      id: { type: 'keyword' },
      documentId: { type: 'keyword' },
      type: { type: 'keyword' },
      difficulty: { type: 'keyword' },
      title: analyzedText(analyzer),
      body: analyzedText(analyzer),
      headingTrail: analyzedText(analyzer),
      terms: analyzedText(analyzer),
      /** Lower-cased words of the title and key terms, for suggestions (see suggestions.ts). */
      words: { type: 'keyword' },
      /** Filled by a later stage; documents without it are still indexed and searched by text. */
      embedding: {
        type: 'dense_vector', dims: vectorDims, similarity: 'cosine', index: true,
        // Kept as floats: the default int8 quantization moves cosines by a tenth or more, and the similarity floor of
        // a search by meaning would then let unrelated atoms in. The vectors are small enough (64 numbers) to keep whole.
        index_options: { type: 'hnsw' },
      },
      ...embeddingVersionMapping,
      ...shownMapping,
    },
  }
}

export const indexSettings: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  // One copy on a single node (so the cluster stays green), a replica as soon as there is a second node.
  auto_expand_replicas: '0-1',
  // The API pages up to offset 10,000 plus a page.
  max_result_window: 20_000,
}

/** A composable template, so every version of the index gets the same settings and mappings. */
export async function putIndexTemplate(client: Client, alias: string, options: MappingOptions): Promise<void> {
  await client.indices.putIndexTemplate({
    name: alias,
    index_patterns: [versionPattern(alias)],
    // Above the built-in templates (priority 100 and below), so ours wins where patterns overlap.
    priority: 200,
    template: { settings: { ...indexSettings, ...(options.analysis && { analysis: options.analysis }) }, mappings: indexMappings(options) },
    _meta: { description: `versions of the search index behind the alias ${alias}` },
  })
}
