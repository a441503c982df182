import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { termKey } from '../../server/atomizer/nlp/term-key'
import type { ApiClient } from '../support/http'
import { adminClient, signedInClient } from '../support/http'
import { loadCorpus } from '../support/corpus'
import { startServer, type RunningServer } from '../support/server'
import { eventually } from '../support/wait'

interface GlossaryItem { term: string, key: string, atomId: string }
interface AtomView { id: string, body: string, terms: { term: string, key: string }[] }

/**
 * The key-term model retrained through the job queue, as an admin starts it: authors' corrections in the store,
 * the real training on the shipped textbooks, judged on held-out corrected documents, published or kept.
 */
describe('POST /api/v1/jobs/retrainTerms: the key-term model learns from authors\' corrections', () => {
  let server: RunningServer
  let admin: ApiClient
  let author: ApiClient

  beforeAll(async () => {
    server = await startServer({ name: 'retrain-terms', env: { NUXT_TERMS_RETRAIN_LABELS: '8' } })
    admin = (await adminClient(server.baseURL)).client
    author = (await signedInClient('terms-author', 'author', server.baseURL)).client
  })

  afterAll(async () => {
    await server?.stop()
  })

  /** Corrects a document's key terms towards the corpus's hand-written ones, in the atom editor's way; says how many changes. */
  async function correct(id: string, gold: string[]): Promise<number> {
    const wanted = new Set(gold.map(termKey))
    const { items } = (await author.get(`/api/v1/documents/${id}/glossary`)).data as { items: GlossaryItem[] }
    let changes = 0
    // Chosen but not a key term of the book: removed from the atom that carries it.
    for (const wrong of items.filter(item => !wanted.has(item.key)).slice(0, 2)) {
      const atom = (await author.get(`/api/v1/atoms/${wrong.atomId}`)).data as AtomView
      const terms = atom.terms.filter(term => term.key !== wrong.key).map(term => term.term)
      expect((await author.patch(`/api/v1/atoms/${atom.id}`, { terms })).status).toBe(200)
      changes++
    }
    // A key term of the book the engine missed: added to the first atom that names it.
    const chosen = new Set(items.map(item => item.key))
    const atoms = await author.getAll(`/api/v1/documents/${id}/atoms`) as unknown as AtomView[]
    for (const missed of gold.filter(term => !chosen.has(termKey(term))).slice(0, 2)) {
      const atom = atoms.find(candidate => candidate.body.toLowerCase().includes(missed.toLowerCase()))
      if (!atom) continue
      const current = (await author.get(`/api/v1/atoms/${atom.id}`)).data as AtomView
      expect((await author.patch(`/api/v1/atoms/${atom.id}`, { terms: [...current.terms.map(term => term.term), missed] })).status).toBe(200)
      changes++
    }
    return changes
  }

  it('waits for enough corrections, then trains, judges on held-out documents and publishes or keeps the model', async () => {
    // Too few corrections yet: the job runs and says why it trained nothing.
    expect(await admin.post('/api/v1/jobs/retrainTerms')).toMatchObject({ status: 202, data: { name: 'retrainTerms' } })
    await eventually(() => expect(server.output()).toContain('[ml] key-term retraining skipped: 0 new corrections; 8 needed'), { timeoutMs: 30_000, intervalMs: 250 })

    let changes = 0
    let documents = 0
    for (const document of loadCorpus().filter(candidate => candidate.format === 'markdown' || candidate.format === 'text').slice(0, 5)) {
      const uploaded = await author.uploadReady(document.file, new Uint8Array(document.data))
      changes += await correct(uploaded.id, document.gold.keyTerms)
      documents++
    }
    expect(documents).toBeGreaterThanOrEqual(4)
    expect(changes).toBeGreaterThanOrEqual(8)

    expect(await admin.post('/api/v1/jobs/retrainTerms')).toMatchObject({ status: 202, data: { name: 'retrainTerms' } })
    // The retraining trains on every textbook section shipped with the server: about a minute of CPU.
    await eventually(() => expect(server.output()).toMatch(/\[ml\] key-term model (?:published as retrained-\d{14}|kept): /), { timeoutMs: 300_000, intervalMs: 1_000 })
    const line = server.output().split('\n').find(text => text.includes('[ml] key-term model'))!
    console.info(line)
    expect(line).toMatch(/key-term F1 on held-out corrected documents \d\.\d{3} in force, \d\.\d{3} retrained; \d+ corrections/)

    const jobs = (await admin.get('/api/v1/jobs')).data as { counts: { failed: number } }
    expect(jobs.counts.failed).toBe(0)
  }, 420_000)
})
