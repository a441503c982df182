/**
 * The engine on the command line, with no server and no services:
 *   npm run --silent atomize -- <file> [<file>...] [--json] [--min-words N] [--max-words N]
 * Several files form one collection. `--json` prints one JSON object (each document with its key terms, and
 * every atom); otherwise a readable outline.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { detectFormat } from '../shared/utils/formats'
import { configFromEnv } from '../server/config'
import { atomizeCollection, type EngineDocument } from '../server/atomizer/engine'
import { createAtomTyper } from '../server/ml/atom-types/typer'
import { createDifficultyScorer } from '../server/ml/difficulty/scorer'
import { createTermScorer } from '../server/ml/terms/selector'
import { createDefinitionJudge } from '../server/ml/definitions/model'

// Log lines (such as the TF.js backend in use) go to stderr: stdout carries only the outline or the JSON.
console.info = console.error

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run --silent atomize -- <file> [<file>...] [--json] [--min-words N] [--max-words N]\n`)
  process.exit(2)
}

function outline(documents: EngineDocument[]): string {
  const lines: string[] = []
  for (const document of documents) {
    lines.push(`# ${document.title} (${document.atoms.length} atoms)`)
    if (document.glossary.length > 0) lines.push(`key terms: ${document.glossary.map(term => term.term).join(', ')}`)
    for (const atom of document.atoms) {
      const trail = atom.headingTrail.length > 0 ? `  [${atom.headingTrail.join(' › ')}]` : ''
      lines.push(`- ${atom.title} — ${atom.type}, ${atom.wordCount} words, ${atom.difficultyLabel}${trail}`)
      if (atom.terms.length > 0) lines.push(`    terms: ${atom.terms.map(term => term.term).join(', ')}`)
      for (const definition of atom.definitions) lines.push(`    defines ${definition.term}: ${definition.meaning}`)
      if (atom.prerequisites.length > 0) lines.push(`    needs: ${atom.prerequisites.join(', ')}`)
      if (atom.cards.length > 0) lines.push(`    cards: ${atom.cards.length}`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'json': { type: 'boolean' }, 'min-words': { type: 'string' }, 'max-words': { type: 'string' } },
  })
  if (positionals.length === 0) usage('no file given')
  const config = configFromEnv()
  const maxWords = Number(values['max-words'] ?? config.atomMaxWords)
  const minWords = Number(values['min-words'] ?? config.atomMinWords)
  if (!Number.isInteger(maxWords) || !Number.isInteger(minWords) || minWords < 1 || maxWords <= minWords) usage('--min-words and --max-words must be whole numbers, min below max')
  const sources = await Promise.all(positionals.map(async (file) => {
    const format = detectFormat(file)
    if (!format) usage(`${file}: unsupported format (Markdown, HTML, text, PDF, DOCX or EPUB)`)
    return { key: file, format, data: new Uint8Array(await readFile(file)), title: undefined }
  }))
  // Key terms are chosen, atoms typed and scored as the worker does it, with the built-in models (or those
  // NUXT_TERMS_MODEL, NUXT_ATOM_TYPES_MODEL and NUXT_DIFFICULTY_MODEL name; NUXT_ML_BACKEND chooses the backend).
  const documents = await atomizeCollection(sources, {
    minWords, maxWords, selectTerms: createTermScorer(config), judgeDefinitions: createDefinitionJudge(config), typeAtoms: createAtomTyper(config), scoreDifficulty: createDifficultyScorer(config),
  })
  if (!values.json) {
    process.stdout.write(outline(documents))
    return
  }
  const atoms = documents.flatMap(document => document.atoms.map(atom => ({
    id: atom.id,
    document: basename(document.key),
    title: atom.title,
    type: atom.type,
    text: atom.text,
    terms: atom.terms.map(term => term.term),
    definitions: atom.definitions,
    prerequisites: atom.prerequisites,
    related: atom.related.map(link => link.id),
    cards: atom.cards,
    readingTimeSec: atom.readingTimeSec,
    difficulty: atom.difficulty,
    difficultyLabel: atom.difficultyLabel,
    source: { file: document.key, headingTrail: atom.headingTrail, ...atom.source },
  })))
  const keyed = documents.map(document => ({ document: basename(document.key), file: document.key, title: document.title, keyTerms: document.glossary }))
  process.stdout.write(`${JSON.stringify({ documents: keyed, atoms })}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`atomize: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
