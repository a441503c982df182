import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { extract } from '../../atomizer/extract'
import type { SourceFormat } from '../../atomizer/model'
import { analyze, combine, emptyAnalysis } from '../../atomizer/nlp/analyze'
import { atomTypes, type AtomType, type ClassifyInput } from '../../atomizer/nlp/classify'
import { definitionsIn, type Definition } from '../../atomizer/nlp/definitions'
import type { DocumentStore } from '../../drivers/store/types'

/** One labelled atom of `models/data/atom-types.jsonl`, or an author's correction read from the store. */
export const labelledAtomSchema = z.object({
  id: z.string().min(1),
  /** `corpus:<document>` (drawn from the fixture corpus), `written` (written for this set) or `author` (a correction). */
  source: z.string().min(1),
  title: z.string(),
  trail: z.array(z.string()),
  /** The atom's body as Markdown (plain text for authors' corrections). */
  body: z.string().min(1),
  type: z.enum(atomTypes),
})
export type LabelledAtom = z.infer<typeof labelledAtomSchema>

export async function readLabelledSet(path: string): Promise<LabelledAtom[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter(line => line.trim())
  return lines.map((line, i) => {
    const parsed = labelledAtomSchema.safeParse(JSON.parse(line))
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map(issue => `${issue.path.join('.')} ${issue.message}`).join('; ')}`)
    return parsed.data
  })
}

/**
 * Authors' type corrections, newest per atom, as labelled atoms. The atom's current title and heading trail
 * are used while it still exists (the label keeps only its text).
 */
export async function labelsFromStore(store: DocumentStore): Promise<LabelledAtom[]> {
  const latest = new Map<string, { text: string, type: AtomType }>()
  for await (const batch of store.typeLabels.scan(500)) {
    for (const label of batch) latest.set(label.atomId, { text: label.text, type: label.type })
  }
  const atoms = new Map((await store.atoms.getMany([...latest.keys()])).map(atom => [atom.id, atom]))
  return [...latest].filter(([, label]) => label.text.trim()).map(([atomId, label]) => ({
    id: `author:${atomId}`,
    source: 'author',
    title: atoms.get(atomId)?.title ?? '',
    trail: atoms.get(atomId)?.headingTrail ?? [],
    body: label.text,
    type: label.type,
  }))
}

/** FNV-1a, for a split that depends only on the seed and the ids. */
function hash(text: string): number {
  let value = 0x811C9DC5
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193)
  return value >>> 0
}

/**
 * A fixed held-out split: within each type, the atoms whose seeded hash sorts first are held out, so every
 * type is in both parts and the split never changes unless the seed or the set does.
 */
export function heldOutSplit<T extends { id: string, type: AtomType }>(records: T[], seed: number, share = 0.2): { train: T[], heldOut: T[] } {
  const heldOutIds = new Set<string>()
  for (const type of atomTypes) {
    const ofType = records.filter(record => record.type === type).sort((a, b) => hash(`${seed}:${a.id}`) - hash(`${seed}:${b.id}`))
    for (const record of ofType.slice(0, Math.round(ofType.length * share))) heldOutIds.add(record.id)
  }
  return { train: records.filter(record => !heldOutIds.has(record.id)), heldOut: records.filter(record => heldOutIds.has(record.id)) }
}

/**
 * What the engine knows about an atom, rebuilt from its stored form: blocks from its Markdown, the same NLP
 * analysis, and the definitions it gives. (The engine counts only definitions of the document's key terms;
 * a lone atom has no document, so every definition counts.)
 */
export async function classifyInputOf(record: LabelledAtom): Promise<ClassifyInput> {
  const format: SourceFormat = record.source === 'author' ? 'text' : 'markdown'
  const { blocks } = await extract(new TextEncoder().encode(record.body), format)
  const analysis = combine(blocks.map(block => (block.kind === 'code' ? emptyAnalysis() : analyze(block.text))))
  const definitions: Definition[] = []
  analysis.sentences.forEach((sentence, i) => definitions.push(...definitionsIn(sentence, analysis.sentences[i - 1])))
  const glossary = blocks.reduce((sum, block) => sum + block.glossary.length, 0)
  const definitionCount = definitions.length + glossary
  return { title: record.title, trail: record.trail, blocks, analysis, definesKeyTerm: definitionCount > 0, definitionCount }
}
