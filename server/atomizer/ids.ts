import { createHash } from 'node:crypto'

export interface PreviousAtom {
  id: string
  body: string
}

const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22)

function shingles(text: string): Set<string> {
  const words = normalise(text).split(' ')
  const set = new Set<string>()
  for (let i = 0; i + 2 < words.length; i++) set.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`)
  if (set.size === 0 && words.length > 0) set.add(words.join(' '))
  return set
}

function pushTo(map: Map<string, string[]>, key: string, value: string) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** Lightly edited atoms keep their id down to this overlap of word triples (Jaccard). */
const minSimilarity = 0.5

/**
 * Ids that survive re-ingestion. New atoms are aligned with the document's previous atoms by content:
 * an unchanged body keeps its id, a lightly edited one (most word triples shared) keeps the id of the
 * closest old atom, and anything else gets a new id from its content.
 */
export function assignIds(scope: string, bodies: string[], previous: PreviousAtom[] = []): string[] {
  const ids: (string | undefined)[] = bodies.map(() => undefined)
  const unused = new Map(previous.map(atom => [atom.id, atom]))
  const byContent = new Map<string, string[]>()
  for (const atom of previous) {
    const key = normalise(atom.body)
    pushTo(byContent, key, atom.id)
  }
  bodies.forEach((body, index) => {
    const id = byContent.get(normalise(body))?.find(candidate => unused.has(candidate))
    if (id) {
      ids[index] = id
      unused.delete(id)
    }
  })
  alignEdited(bodies, ids, unused)
  const taken = new Set(ids.filter(Boolean))
  const occurrences = new Map<string, number>()
  return ids.map((id, index) => {
    if (id) return id
    const key = normalise(bodies[index]!)
    const n = occurrences.get(key) ?? 0
    occurrences.set(key, n + 1)
    let fresh = hash(`${scope}\u001E${key}\u001E${n}`)
    while (taken.has(fresh)) fresh = hash(`${fresh}+`)
    taken.add(fresh)
    return fresh
  })
}

/** Pairs remaining new and old atoms by shared word triples, best pairs first, through an inverted index. */
function alignEdited(bodies: string[], ids: (string | undefined)[], unused: Map<string, PreviousAtom>) {
  if (unused.size === 0) return
  const oldShingles = new Map([...unused.values()].map(atom => [atom.id, shingles(atom.body)]))
  const index = new Map<string, string[]>()
  for (const [id, set] of oldShingles) for (const shingle of set) pushTo(index, shingle, id)
  const pairs: { at: number, id: string, score: number }[] = []
  bodies.forEach((body, at) => {
    if (ids[at]) return
    const mine = shingles(body)
    const shared = new Map<string, number>()
    for (const shingle of mine) for (const id of index.get(shingle) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1)
    for (const [id, count] of shared) {
      const score = count / (mine.size + oldShingles.get(id)!.size - count)
      if (score >= minSimilarity) pairs.push({ at, id, score })
    }
  })
  pairs.sort((a, b) => b.score - a.score || a.at - b.at)
  for (const { at, id } of pairs) {
    if (ids[at] || !unused.has(id)) continue
    ids[at] = id
    unused.delete(id)
  }
}

/**
 * The id of the part split off an atom: the same for the same atom and content (a split retried gives
 * the same id), never one of the ids `taken` says are in use.
 */
export function splitOffId(id: string, body: string, taken: (candidate: string) => boolean = () => false): string {
  let fresh = hash(`${id}\u001Esplit\u001E${normalise(body)}`)
  while (taken(fresh)) fresh = hash(`${fresh}+`)
  return fresh
}
