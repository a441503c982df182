import type { Atom } from '../../shared/schemas/atom'
import type { KeyTerm, TermLabel } from '../../shared/schemas/glossary'
import { formsOf, mentions, rebuildAtom, wordsOf } from './edit'
import { termKey } from './nlp/term-key'

/** A key term as ranked (score 0..1, best first), before it is placed among the document's atoms. */
export interface RankedTerm {
  term: string
  key: string
  score: number
  /** The meaning to prefer among the atoms' definitions: the document's own glossary's, or the one it had before an edit. */
  definition?: string | null
}

/** A definition an author gave an atom (or struck: `meaning` null). */
export interface AuthorDefinition {
  atomId: string
  key: string
  term: string
  meaning: string | null
}

/** What authors said about a document's key terms: the latest word on each term, and on each atom's definition of it. */
export interface TermCorrections {
  /** Keys taken out of the document's key terms. */
  removed: Set<string>
  /** Terms added to them, by key, with the atom each was added to. */
  added: Map<string, { term: string, atomId: string }>
  /** Per atom and term, the latest definition given or struck, oldest first. */
  definitions: AuthorDefinition[]
}

/** What placing a term needs of an atom. */
type TermsOf = Pick<Atom, 'id' | 'text' | 'terms' | 'definitions'>

export const noCorrections = (): TermCorrections => ({ removed: new Set(), added: new Map(), definitions: [] })

/** The corrections a document's labels (oldest first) add up to. */
export function correctionsOf(labels: TermLabel[]): TermCorrections {
  const corrections = noCorrections()
  const definitions = new Map<string, AuthorDefinition>()
  for (const label of labels) {
    if (label.change === 'defined') {
      const place = `${label.atomId}\n${label.key}`
      definitions.delete(place)
      definitions.set(place, { atomId: label.atomId, key: label.key, term: label.term, meaning: label.definition })
    }
    else if (label.change === 'removed') {
      corrections.added.delete(label.key)
      corrections.removed.add(label.key)
    }
    else {
      corrections.removed.delete(label.key)
      corrections.added.set(label.key, { term: label.term, atomId: label.atomId })
    }
  }
  corrections.definitions = [...definitions.values()].filter(definition => !corrections.removed.has(definition.key))
  return corrections
}

const isEmpty = (corrections: TermCorrections) =>
  corrections.removed.size === 0 && corrections.added.size === 0 && corrections.definitions.length === 0

const defines = (atom: TermsOf, key: string) => atom.definitions.find(definition => termKey(definition.term) === key)

/**
 * Where each author's definition goes: the atom it was given in while that atom still has the term, else the
 * first atom that has it (the atom was split or merged), else the atom it was given in. Struck ones stay put.
 */
function placeDefinitions(atoms: Atom[], corrections: TermCorrections): Map<string, AuthorDefinition[]> {
  const byId = new Map(atoms.map(atom => [atom.id, atom]))
  const placed = new Map<string, AuthorDefinition[]>()
  for (const definition of corrections.definitions) {
    const given = byId.get(definition.atomId)
    const hasTerm = (atom: Atom) => atom.terms.some(term => term.key === definition.key)
    const target = definition.meaning === null || (given && hasTerm(given)) ? given : atoms.find(hasTerm) ?? given
    if (target) placed.set(target.id, [...placed.get(target.id) ?? [], definition])
  }
  return placed
}

/** The atom with the corrections applied to its terms and definitions; itself when none applies. */
function correctAtom(atom: Atom, corrections: TermCorrections, given: AuthorDefinition[]): Atom {
  const terms = atom.terms.filter(term => !corrections.removed.has(term.key)).map(term => ({ term: term.term, key: term.key }))
  const add = (term: string, key: string) => terms.some(known => known.key === key) || terms.push({ term, key })
  for (const [key, { term, atomId }] of corrections.added) if (atomId === atom.id || mentions(atom.text, { term, key })) add(term, key)
  for (const definition of given) if (definition.meaning !== null) add(definition.term, definition.key)
  const definitions: { term: string, meaning: string | null }[] = atom.definitions
    .filter(definition => corrections.removed.has(termKey(definition.term)))
    .map(definition => ({ term: definition.term, meaning: null }))
  for (const definition of given) {
    const current = defines(atom, definition.key)
    if (definition.meaning === null ? current !== undefined : current?.meaning !== definition.meaning) {
      definitions.push({ term: current?.term ?? definition.term, meaning: definition.meaning })
    }
  }
  const sameTerms = terms.length === atom.terms.length && terms.every((term, i) => term.key === atom.terms[i]!.key)
  if (sameTerms && definitions.length === 0) return atom
  // The text is the same, and so is its difficulty (the model scored it); only terms, definitions and cards change.
  const rebuilt = rebuildAtom(atom, { terms: terms.map(term => term.term), definitions })
  return { ...rebuilt, difficulty: atom.difficulty, difficultyLabel: atom.difficultyLabel }
}

/** Each term's definitions among the atoms, by key, in the atoms' order. */
function definitionsByKey<A extends TermsOf>(atoms: A[]): Map<string, { atom: A, meaning: string }[]> {
  const byKey = new Map<string, { atom: A, meaning: string }[]>()
  for (const atom of atoms) {
    for (const { term, meaning } of atom.definitions) {
      const key = termKey(term)
      byKey.set(key, [...byKey.get(key) ?? [], { atom, meaning }])
    }
  }
  return byKey
}

/**
 * The atom that defines a term, and what it says: the one holding an author's definition of it (the latest
 * given), else the one giving the `preferred` meaning (the document's glossary's), else the first that defines it at all.
 */
function definerOf<A extends TermsOf>(definitions: Map<string, { atom: A, meaning: string }[]>, key: string, corrections: TermCorrections, preferred?: string | null) {
  const found = definitions.get(key) ?? []
  const authored = corrections.definitions.filter(definition => definition.key === key && definition.meaning !== null).at(-1)
  return (authored && found.find(definition => definition.meaning === authored.meaning))
    ?? (preferred ? found.find(definition => definition.meaning === preferred) : undefined) ?? found[0]
}

/**
 * Authors' corrections applied to a document's atoms (by `order`): removed terms leave every atom (with
 * their definitions and cards), added terms join every atom that uses them, and authors' definitions replace
 * what atoms said; terms touched point at the atom defining them. Returns the atoms that changed.
 */
export function applyCorrections(atoms: Atom[], corrections: TermCorrections): Atom[] {
  if (isEmpty(corrections)) return []
  const placed = placeDefinitions(atoms, corrections)
  const corrected = atoms.map(atom => correctAtom(atom, corrections, placed.get(atom.id) ?? []))
  const touched = new Set([...corrections.added.keys(), ...corrections.definitions.map(definition => definition.key)])
  const definitions = definitionsByKey(corrected)
  const definers = new Map([...touched].map(key => [key, definerOf(definitions, key, corrections)?.atom.id]))
  const linked = corrected.map((atom) => {
    if (!atom.terms.some(term => touched.has(term.key) && term.definedBy !== definers.get(term.key))) return atom
    return {
      ...atom,
      terms: atom.terms.map(({ definedBy: previous, ...term }) => {
        const definedBy = touched.has(term.key) ? definers.get(term.key) : previous
        return { ...term, ...(definedBy && { definedBy }) }
      }),
    }
  })
  return linked.filter((atom, i) => atom !== atoms[i])
}

const round = (score: number) => Math.round(Math.min(1, Math.max(0, score)) * 10_000) / 10_000

/**
 * The document's key terms, best first, from a ranking and the document's atoms (by `order`): each with
 * the definition of the atom that defines it (see `definerOf`), else the first atom that has it among its
 * terms or mentions it, and no definition. Removed terms are left out, added ones come in with score 1,
 * and terms no atom speaks of any more are dropped.
 */
export function glossaryOf(atoms: TermsOf[], ranked: RankedTerm[], corrections: TermCorrections = noCorrections()): KeyTerm[] {
  const entries = ranked.filter(entry => !corrections.removed.has(entry.key))
  for (const [key, { term }] of corrections.added) if (!entries.some(entry => entry.key === key)) entries.push({ term, key, score: 1 })
  const firstWithTerm = new Map<string, string>()
  for (const atom of atoms) for (const term of atom.terms) if (!firstWithTerm.has(term.key)) firstWithTerm.set(term.key, atom.id)
  const definitions = definitionsByKey(atoms)
  let words: string[] | undefined
  const firstMentioning = (term: string, key: string) => {
    words ??= atoms.map(atom => wordsOf(atom.text))
    const forms = formsOf({ term, key })
    const index = words.findIndex(text => forms.some(form => text.includes(form)))
    return index >= 0 ? atoms[index]!.id : undefined
  }
  const keyTerms = entries.flatMap(({ term, key, score, definition }): KeyTerm[] => {
    const definer = definerOf(definitions, key, corrections, definition)
    const atomId = definer?.atom.id ?? firstWithTerm.get(key) ?? firstMentioning(term, key)
    if (atomId === undefined) return []
    return [{ term, key, score: round(score), definition: definer?.meaning ?? null, atomId }]
  })
  return keyTerms.sort((a, b) => b.score - a.score)
}

/**
 * A ranking read off the atoms themselves, for a document stored before key terms were kept with it: its
 * atoms' terms, scored by how many atoms carry each, relative to the most carried.
 */
export function rankedFromAtoms(atoms: Pick<Atom, 'terms'>[]): RankedTerm[] {
  const counts = new Map<string, { term: string, atoms: number }>()
  for (const atom of atoms) {
    for (const term of atom.terms) {
      const entry = counts.get(term.key) ?? { term: term.term, atoms: 0 }
      entry.atoms++
      counts.set(term.key, entry)
    }
  }
  const most = Math.max(1, ...[...counts.values()].map(entry => entry.atoms))
  return [...counts].map(([key, entry]) => ({ term: entry.term, key, score: entry.atoms / most })).sort((a, b) => b.score - a.score)
}
