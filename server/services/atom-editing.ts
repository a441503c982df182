import type { Atom } from '../../shared/schemas/atom'
import type { AtomPatch } from '../../shared/schemas/atom-edit'
import type { KeyTerm, TermLabel } from '../../shared/schemas/glossary'
import { AtomEditError, definedKeys, linksTo, mentions, mergeTwoAtoms, rebuildAtom, redirectLinks, splitAtomInTwo } from '../atomizer/edit'
import { documentDefinitionCandidates } from '../atomizer/edit-definitions'
import type { DefinitionJudge } from '../atomizer/nlp/definitions'
import { applyCorrections, correctionsOf, glossaryOf, rankedFromAtoms } from '../atomizer/glossary'
import { termKey } from '../atomizer/nlp/term-key'
import type { Drivers } from '../drivers'
import type { AtomRecord, DocumentRecord } from '../drivers/store/types'
import { useEmbedder } from '../ml/embeddings/embedder'
import { atomEmbeddingText } from '../../shared/utils/subwords'
import { ProblemError, problems } from '../errors'
import { rescoreAtoms, type DifficultyScorer } from '../ml/difficulty/scorer'
import { editableDocument } from './access'
import type { Actor } from './actor'
import { allAtomsOf, forgetAtoms } from './atoms'
import { publishDocumentEvent } from './live-events'
import { publishDocument } from './documents'
import { toSearchDocument } from './search'

/** The document's stage while an edit writes its atoms; another instance's edit waits for it to end (or go stale). */
const editingStage = 'editing'
const staleEditMs = 60_000

interface EditOutcome<T> {
  /** What the edit answers, from the atoms as saved (`latest` gives one by id). */
  result: (latest: (id: string) => Atom) => T
  /** Atoms written (new or changed), in any order. */
  changed: Atom[]
  /** Ids of the document's atoms removed. */
  removed: string[]
  /** Atoms whose text the edit rebuilt: their difficulty is scored again. */
  rebuilt: Atom[]
  /** Authors' corrections of key terms and definitions the edit makes: kept as labels, and applied to the whole document. */
  labels?: TermLabel[]
}

/** The atom and its document, if the actor may edit it: 404 when they may not even read it, 403 when they may only read. */
async function atomForEditing(drivers: Drivers, actor: Actor, id: string): Promise<Atom> {
  const atom = await drivers.store.atoms.get(id)
  if (!atom) throw problems.notFound('atom', id)
  try {
    await editableDocument(drivers.store, actor, atom.documentId)
  }
  catch (error) {
    throw error instanceof ProblemError && error.status === 404 ? problems.notFound('atom', id) : error
  }
  return atom
}

/** Edit rules broken (a split off a paragraph boundary, atoms far apart) answer 422, naming the field. */
function checked<T>(rule: () => T): T {
  try {
    return rule()
  }
  catch (error) {
    if (error instanceof AtomEditError) throw problems.validation([{ path: error.field, message: error.message }])
    throw error
  }
}

const queues = new Map<string, Promise<unknown>>()

/** Runs edits of one document one after another in this process, each on the atoms the previous one left. */
function serialised<T>(documentId: string, work: () => Promise<T>): Promise<T> {
  const next = (queues.get(documentId) ?? Promise.resolve()).then(work)
  const settled = next.catch(() => {})
  queues.set(documentId, settled)
  void settled.then(() => queues.get(documentId) === settled && queues.delete(documentId))
  return next
}

function assertEditable(document: DocumentRecord): void {
  if (document.status !== 'ready') throw problems.conflict(`The document is ${document.status}; its atoms can be edited once it is ready.`)
  if (document.stage === editingStage && Date.now() - Date.parse(document.updatedAt) < staleEditMs) {
    throw problems.conflict('Another edit of this document is being saved; retry in a moment.')
  }
}

/** The document's atoms after an edit, by order. */
function atomsAfter(atoms: Atom[], { changed, removed }: Pick<EditOutcome<unknown>, 'changed' | 'removed'>): Atom[] {
  const byId = new Map(atoms.map(atom => [atom.id, atom]))
  for (const atom of changed) byId.set(atom.id, atom)
  for (const id of removed) byId.delete(id)
  return [...byId.values()].sort((a, b) => a.order - b.order)
}

/**
 * The edit with every correction authors ever made to the document's key terms (its own included) applied
 * to all its atoms: atoms changed only by that join the changed ones.
 */
function withCorrections<T>(atoms: Atom[], outcome: EditOutcome<T>, corrections: ReturnType<typeof correctionsOf>): EditOutcome<T> {
  const corrected = new Map(applyCorrections(atomsAfter(atoms, outcome), corrections).map(atom => [atom.id, atom]))
  if (corrected.size === 0) return outcome
  const changed = new Map(outcome.changed.map(atom => [atom.id, atom]))
  for (const [id, atom] of corrected) changed.set(id, atom)
  return { ...outcome, changed: [...changed.values()], rebuilt: outcome.rebuilt.map(atom => changed.get(atom.id)!) }
}

/**
 * Applies one edit to a ready document's atoms. Edits in this process take turns; across instances the
 * document's version is claimed first (compare-and-swap, stage "editing"), so of two edits at once one gets
 * 409 and neither writes over the other's order. The version moves on again when the edit is saved, with
 * the document's key terms brought up to date and the edit's term corrections kept as labels.
 */
async function editDocument<T>(drivers: Drivers, documentId: string, edit: (atoms: Atom[], keyTerms: KeyTerm[]) => EditOutcome<T> | Promise<EditOutcome<T>>, scoreDifficulty?: DifficultyScorer): Promise<T> {
  return serialised(documentId, async () => {
    const document = await drivers.store.documents.get(documentId)
    if (!document) throw problems.notFound('document', documentId)
    assertEditable(document)
    const claimed = await drivers.store.documents.update(documentId,
      { stage: editingStage, version: document.version + 1, updatedAt: new Date().toISOString() }, { ifVersion: document.version })
    if (!claimed) throw problems.conflict('The document changed meanwhile; load it again and retry.')
    let atomCount = claimed.atomCount
    try {
      const atoms = await allAtomsOf(drivers, documentId)
      const labels = await drivers.store.termLabels.listByDocument(documentId)
      const stored = await drivers.store.keyTerms.get(documentId)
      const ranked = stored ?? rankedFromAtoms(atoms)
      const edited = await edit(atoms, stored ?? glossaryOf(atoms, ranked))
      const corrections = correctionsOf([...labels, ...edited.labels ?? []])
      const outcome = withCorrections(atoms, edited, corrections)
      // Rebuilding gave the heuristic's difficulty; the model scores the new text as the worker would.
      if (scoreDifficulty) await rescoreAtoms(scoreDifficulty, outcome.rebuilt)
      await saveAtoms(drivers, claimed, atoms, outcome)
      const after = atomsAfter(atoms, outcome)
      await drivers.store.keyTerms.put(documentId, glossaryOf(after, ranked, corrections))
      await drivers.store.termLabels.append(edited.labels ?? [])
      atomCount = after.length
      const byId = new Map(after.map(atom => [atom.id, atom]))
      return outcome.result(id => byId.get(id) ?? find(after, id))
    }
    finally {
      const released = await drivers.store.documents.update(documentId,
        { stage: null, version: claimed.version + 1, atomCount, updatedAt: new Date().toISOString() }, { ifVersion: claimed.version })
      if (released && released.atomCount !== document.atomCount) await publishDocument(drivers, released)
    }
  })
}

/** Store, search index, cache and live readers, in that order: whoever hears of a change can read it. */
async function saveAtoms(drivers: Drivers, document: DocumentRecord, atoms: Atom[], { changed, removed }: EditOutcome<unknown>): Promise<void> {
  const documentId = document.id
  const ordered = [...changed].sort((a, b) => a.order - b.order)
  if (ordered.length > 0) {
    const records = await withEmbeddings(drivers, atoms, ordered)
    await drivers.store.atoms.upsertMany(records)
    await drivers.search.upsert(records.map(toSearchDocument))
  }
  if (removed.length > 0) {
    const gone = new Set(removed)
    const kept = [...new Set([...atoms.map(atom => atom.id), ...ordered.map(atom => atom.id)])].filter(id => !gone.has(id))
    await drivers.store.atoms.deleteByDocument(documentId, { except: kept })
    await drivers.search.remove(removed)
  }
  await drivers.search.flush()
  await forgetAtoms(drivers, [...ordered.map(atom => atom.id), ...removed])
  if (ordered.length > 0) {
    const known = new Set(atoms.map(atom => atom.id))
    const created = ordered.filter(atom => !known.has(atom.id)).map(atom => atom.id)
    await publishDocumentEvent(drivers, document, { type: 'atoms', documentId, atoms: ordered, created })
  }
  if (removed.length > 0) await publishDocumentEvent(drivers, document, { type: 'atoms-removed', documentId, atomIds: removed })
}

/**
 * The changed atoms with their vectors: one whose title and text are as before keeps its stored vector (it
 * only moved, or its terms changed); the others (edited, split, merged) are embedded anew. Without an
 * encoder they are stored without one and search finds them by keywords.
 */
async function withEmbeddings(drivers: Drivers, before: Atom[], changed: Atom[]): Promise<AtomRecord[]> {
  const previous = new Map(before.map(atom => [atom.id, atomEmbeddingText(atom)]))
  const stored = await drivers.store.atoms.embeddings(changed.map(atom => atom.id))
  const embed = useEmbedder()
  const current = (await embed([]))?.version
  if (current === undefined) return changed
  // A vector of another encoder (one an upgrade replaced) is made anew too: vectors of two encoders never meet.
  const keeps = (atom: Atom) => previous.get(atom.id) === atomEmbeddingText(atom) && stored.get(atom.id)?.version === current
  let stale = changed.filter(atom => !keeps(atom))
  let fresh = stale.length > 0 ? await embed(stale.map(atomEmbeddingText)) : undefined
  if (fresh && fresh.version !== current) {
    // The encoder changed meanwhile: every vector comes from the new one.
    stale = changed
    fresh = await embed(stale.map(atomEmbeddingText))
  }
  const vectors = new Map(changed.filter(keeps).map(atom => [atom.id, stored.get(atom.id)!.vector]))
  stale.forEach((atom, i) => fresh && vectors.set(atom.id, fresh.vectors[i]!))
  const version = fresh?.version ?? current
  return changed.map((atom) => {
    const embedding = vectors.get(atom.id)
    return embedding ? { ...atom, embedding, embeddingVersion: version } : atom
  })
}

function find(atoms: Atom[], id: string): Atom {
  const atom = atoms.find(candidate => candidate.id === id)
  if (!atom) throw problems.notFound('atom', id)
  return atom
}

/** A term's key as an edit keys the terms it is given (see `rebuildAtom`). */
const keyOf = (term: string) => termKey(term) || term.toLowerCase()

/** The author's definitions of the patch, each of a term the atom has after it (422 otherwise). */
function givenDefinitions(patch: AtomPatch, atom: Atom): { term: string, meaning: string | null }[] | undefined {
  const keys = new Set(patch.terms ? patch.terms.map(keyOf) : atom.terms.map(term => term.key))
  const errors = (patch.definitions ?? []).flatMap((definition, i) => keys.has(keyOf(definition.term))
    ? []
    : [{ path: `definitions.${i}.term`, message: `“${definition.term}” is not one of the atom's key terms; add it to terms first.` }])
  if (errors.length > 0) throw problems.validation(errors)
  return patch.definitions?.map(({ term, meaning }) => ({ term, meaning: meaning || null }))
}

/** The corrections of key terms and definitions an edit of `before` into `after` makes, as labels. */
function termLabelsOf(before: Atom, after: Atom, patch: AtomPatch, actor: Actor): TermLabel[] {
  const at = new Date().toISOString()
  const label = (term: string, key: string, change: TermLabel['change'], definition: string | null = null, previousDefinition: string | null = null): TermLabel =>
    ({ documentId: before.documentId, atomId: before.id, term, key, change, definition, previousDefinition, text: after.text, userId: actor.id, at })
  const labels: TermLabel[] = []
  if (patch.terms) {
    const had = new Set(before.terms.map(term => term.key))
    const has = new Set(after.terms.map(term => term.key))
    labels.push(...after.terms.filter(term => !had.has(term.key)).map(term => label(term.term, term.key, 'added')))
    labels.push(...before.terms.filter(term => !has.has(term.key)).map(term => label(term.term, term.key, 'removed')))
  }
  for (const { term, meaning } of patch.definitions ?? []) {
    const key = keyOf(term)
    const previous = before.definitions.find(definition => keyOf(definition.term) === key)?.meaning ?? null
    if ((meaning || null) !== previous) labels.push(label(term, key, 'defined', meaning || null, previous))
  }
  return labels
}

/**
 * A new body's terms: those it kept, and the document's key terms (as the model ranked them and authors
 * corrected them) that it now uses, each pointing at the atom that defines it. Not labels: nobody chose them.
 */
function withKeyTermsUsed(atom: Atom, keyTerms: KeyTerm[]): Atom {
  const gained = keyTerms.filter(term => !atom.terms.some(known => known.key === term.key) && mentions(atom.text, term))
  if (gained.length === 0) return atom
  const rebuilt = rebuildAtom(atom, { terms: [...atom.terms.map(term => term.term), ...gained.map(term => term.term)] })
  const definers = new Map(gained.filter(term => term.definition !== null && term.atomId !== atom.id).map(term => [term.key, term.atomId]))
  return { ...rebuilt, terms: rebuilt.terms.map(term => (term.definedBy || !definers.has(term.key) ? term : { ...term, definedBy: definers.get(term.key)! })) }
}

/**
 * The definitions an edit found anew in the atom's words (not the author's own, not the atom's before) go before
 * the definitions model, as the worker's do; those it rejects are left out. The atom is judged alone: without
 * the document's statistics of each term, only its key-term score.
 */
async function withJudgedDefinitions(before: Atom, atom: Atom, atoms: Atom[], patch: AtomPatch, keyTerms: KeyTerm[], judge: DefinitionJudge): Promise<Atom> {
  const given = new Set((patch.definitions ?? []).map(definition => termKey(definition.term)))
  const had = new Set(before.definitions.map(definition => `${definition.term}\n${definition.meaning}`))
  const fresh = atom.definitions.filter(definition => !given.has(termKey(definition.term)) && !had.has(`${definition.term}\n${definition.meaning}`))
  if (fresh.length === 0) return atom
  // Judged as the worker judges: with the term's statistics across the whole document, the edit in place.
  const document = atoms.map(other => (other.id === atom.id ? atom : other))
  const candidates = await documentDefinitionCandidates(document, atom.id, new Map(keyTerms.map(term => [term.key, term.score])))
  const judged = fresh.flatMap(({ term, meaning }) => candidates.filter(({ definition }) => definition.term === term && definition.meaning === meaning).slice(0, 1))
  if (judged.length === 0) return atom
  const verdicts = await judge(judged)
  const rejected = judged.filter((_, i) => verdicts && !verdicts[i]).map(candidate => candidate.definition)
  if (rejected.length === 0) return atom
  const rebuilt = rebuildAtom(atom, { definitions: rejected.map(definition => ({ term: definition.term, meaning: null })) })
  return { ...rebuilt, difficulty: atom.difficulty, difficultyLabel: atom.difficultyLabel }
}

/**
 * Changes title, type, body, terms or definitions; the atom keeps its id and is valid again. A new type is
 * kept as a training label, and so is each change of key terms or definitions, which then holds for the
 * whole document (also when it is processed again). With `scoreDifficulty`, the difficulty model scores the
 * rebuilt atom (else the heuristic).
 */
export async function editAtom(drivers: Drivers, actor: Actor, id: string, patch: AtomPatch, scoreDifficulty?: DifficultyScorer, judgeDefinitions?: DefinitionJudge): Promise<Atom> {
  const { documentId } = await atomForEditing(drivers, actor, id)
  const { atom, previousType } = await editDocument(drivers, documentId, async (atoms, keyTerms) => {
    const current = find(atoms, id)
    const rebuilt = rebuildAtom(current, { ...patch, definitions: givenDefinitions(patch, current) })
    const withTerms = patch.body !== undefined && !patch.terms ? withKeyTermsUsed(rebuilt, keyTerms) : rebuilt
    const updated = judgeDefinitions ? await withJudgedDefinitions(current, withTerms, atoms, patch, keyTerms, judgeDefinitions) : withTerms
    return {
      result: latest => ({ atom: latest(id), previousType: current.type }),
      changed: [updated], removed: [], rebuilt: [updated], labels: termLabelsOf(current, updated, patch, actor),
    }
  }, scoreDifficulty)
  if (patch.type && patch.type !== previousType) {
    await drivers.store.typeLabels.append({
      atomId: id, documentId, text: atom.text, type: patch.type, previousType, userId: actor.id, at: new Date().toISOString(),
    })
  }
  return atom
}

/** Splits an atom at a paragraph boundary of its body: the first part keeps the id; later atoms move down one. */
export async function splitAtom(drivers: Drivers, actor: Actor, id: string, offset: number, scoreDifficulty?: DifficultyScorer): Promise<{ items: [Atom, Atom] }> {
  const { documentId } = await atomForEditing(drivers, actor, id)
  return editDocument(drivers, documentId, (atoms) => {
    const current = find(atoms, id)
    const ids = new Set(atoms.map(atom => atom.id))
    const [first, second] = checked(() => splitAtomInTwo(current, offset, candidate => ids.has(candidate)))
    // Terms other atoms use that only the second part now defines point at it.
    const moved = definedKeys(second, first)
    const changed: Atom[] = [first, second]
    for (const other of atoms) {
      if (other.id === id) continue
      const repointed = other.terms.some(term => term.definedBy === id && moved.has(term.key))
      if (other.order <= current.order && !repointed) continue
      changed.push({
        ...other,
        order: other.order > current.order ? other.order + 1 : other.order,
        terms: other.terms.map(term => (term.definedBy === id && moved.has(term.key) ? { ...term, definedBy: second.id } : term)),
      })
    }
    return { result: latest => ({ items: [latest(first.id), latest(second.id)] as [Atom, Atom] }), changed, removed: [], rebuilt: [first, second] }
  }, scoreDifficulty)
}

/**
 * Merges an atom with the one right after it in reading order: the first keeps its id, the second is
 * removed, later atoms move up one, and every link to the second points at the first.
 */
export async function mergeAtoms(drivers: Drivers, actor: Actor, [firstId, secondId]: [string, string], scoreDifficulty?: DifficultyScorer): Promise<Atom> {
  const first = await atomForEditing(drivers, actor, firstId)
  const second = await atomForEditing(drivers, actor, secondId)
  if (first.documentId !== second.documentId) {
    throw problems.validation([{ path: 'ids', message: 'the two atoms belong to different documents; only atoms of one document can be merged.' }])
  }
  return editDocument(drivers, first.documentId, (atoms) => {
    const at = atoms.indexOf(find(atoms, firstId))
    const next = atoms.indexOf(find(atoms, secondId))
    checked(() => {
      if (next === at - 1) throw new AtomEditError('ids', 'the second atom comes before the first; list them in reading order.')
      if (next !== at + 1) throw new AtomEditError('ids', 'the atoms are not adjacent; the second must come directly after the first in reading order.')
    })
    const removed = atoms[next]!
    const merged = mergeTwoAtoms(atoms[at]!, removed)
    const changed: Atom[] = [merged]
    for (const other of atoms) {
      if (other.id === firstId || other.id === secondId) continue
      if (other.order <= removed.order && !linksTo(other, secondId)) continue
      const relinked = redirectLinks(other, secondId, firstId)
      changed.push({ ...relinked, order: other.order > removed.order ? other.order - 1 : other.order })
    }
    return { result: latest => latest(merged.id), changed, removed: [secondId], rebuilt: [merged] }
  }, scoreDifficulty)
}
