import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { ContractChecker } from '../support/contract'
import { ApiClient, testAdminEmail, uniqueEmail } from '../support/http'
import { totpCode } from '../support/mfa'
import { startServer, type RunningServer } from '../support/server'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/** An API client whose every answer is checked against the OpenAPI document. */
class CheckedClient extends ApiClient {
  constructor(baseURL: string, private readonly checker: ContractChecker) {
    super(baseURL)
  }

  override async request(method: string, path: string, init: Parameters<ApiClient['request']>[2] = {}) {
    const response = await super.request(method, path, init)
    this.checker.check(method, path, response)
    return response
  }
}

/**
 * Every operation of /api/openapi.json, exercised against a server of its own (so its NUXT_ADMIN_EMAIL
 * account is this test's), with each answer, success or problem, checked against the document.
 */
describe('the API keeps to its OpenAPI document', () => {
  let server: RunningServer
  let checker: ContractChecker
  let admin: CheckedClient
  let author: CheckedClient
  let reader: CheckedClient
  let readerId: string
  const word = uniqueWord('contract')

  const client = () => new CheckedClient(server.baseURL, checker)
  async function register(who: CheckedClient, name: string, role?: 'author' | 'learner', email = uniqueEmail(name)) {
    const response = await who.post('/api/v1/auth/register', { email, password: 'correct horse battery', name, ...(role && { role }) })
    expect(response.status, JSON.stringify(response.data)).toBe(202)
    const signedIn = await who.post('/api/v1/auth/login', { email, password: 'correct horse battery' })
    expect(signedIn.status, JSON.stringify(signedIn.data)).toBe(200)
    return signedIn.data
  }

  beforeAll(async () => {
    server = await startServer({ name: 'contract' })
    const document = await (await fetch(`${server.baseURL}/api/openapi.json`)).json()
    checker = new ContractChecker(document)
    admin = client()
    author = client()
    reader = client()
    expect((await register(admin, 'admin', undefined, testAdminEmail)).role).toBe('admin')
    await register(author, 'author')
    readerId = (await register(reader, 'reader', 'learner')).id
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('meta: health, the document and its reference page', async () => {
    const anonymous = client()
    expect((await anonymous.get('/api/health')).status).toBe(200)
    expect((await anonymous.get('/api/health/live')).data).toEqual({ status: 'live' })
    expect((await anonymous.get('/api/health/ready')).data).toEqual({ status: 'ready' })
    expect((await anonymous.get('/api/openapi.json')).status).toBe(200)
    const page = await anonymous.get('/api/docs')
    expect(page.status).toBe(200)
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css']) expect((await anonymous.get(`/api/docs/${asset}`)).status).toBe(200)
    expect((await anonymous.get('/api/docs/other.js')).status).toBe(422)
  })

  it('auth and users: sign in and out, the signed-in user, roles', async () => {
    const other = client()
    const user = await register(other, 'other')
    expect((await other.get('/api/v1/auth/me')).status).toBe(200)
    expect((await other.get('/api/v1/auth/csrf-token')).status).toBe(200)
    expect((await other.post('/api/v1/auth/logout')).status).toBe(204)
    expect((await other.get('/api/v1/auth/me')).status).toBe(401)
    expect((await other.post('/api/v1/auth/login', { email: user.email, password: 'wrong password' })).status).toBe(401)
    expect((await other.post('/api/v1/auth/login', { email: user.email, password: 'correct horse battery' })).status).toBe(200)
    expect((await other.post('/api/v1/auth/register', { email: user.email, password: 'correct horse battery', name: 'again' })).status).toBe(202)
    expect((await other.get('/api/v1/auth/options')).status).toBe(200)
    expect((await other.request('POST', '/api/v1/auth/login', { body: '{not json', headers: { 'content-type': 'application/json' } })).status).toBe(400)
    expect((await other.put(`/api/v1/users/${user.id}/role`, { role: 'learner' })).status).toBe(403)
    expect((await admin.put(`/api/v1/users/${user.id}/role`, { role: 'learner' })).status).toBe(200)
    // Two learners now: the reader and this user.
    const users = await admin.get('/api/v1/users?limit=1&role=learner')
    expect(users.status).toBe(200)
    expect(users.data.items.length).toBe(1)
    expect((await admin.get(`/api/v1/users?role=learner&cursor=${users.data.nextCursor}`)).data.items).toHaveLength(1)
    expect((await admin.get('/api/v1/users?role=wizard')).status).toBe(422)
    expect((await other.get('/api/v1/users')).status).toBe(403)
    expect((await other.get(`/api/v1/users/${user.id}`)).status).toBe(200)
    expect((await other.get(`/api/v1/users/${readerId}`)).status).toBe(403)
    expect((await admin.get('/api/v1/users/no-such-user')).status).toBe(404)
    expect((await admin.put('/api/v1/users/no-such-user/role', { role: 'author' })).status).toBe(404)
    expect((await admin.put(`/api/v1/users/${user.id}/role`, { role: 'emperor' })).status).toBe(422)
  })

  it('documents, atoms, collections, search and study, successes and problems', async () => {
    // Collections
    const created = await author.post('/api/v1/collections', { name: 'Biology', description: 'Cells and energy' })
    expect(created.status).toBe(201)
    const collectionId = created.data.id
    expect((await author.get('/api/v1/collections')).status).toBe(200)
    expect((await author.get(`/api/v1/collections/${collectionId}`)).status).toBe(200)
    expect((await author.patch(`/api/v1/collections/${collectionId}`, { name: 'Biology I' })).status).toBe(200)
    // Invitations: to an email without an account (withdrawn), and to the reader (declined, then accepted)
    const nobody = await author.post(`/api/v1/collections/${collectionId}/shares`, { email: 'nobody@example.test', role: 'viewer' })
    expect(nobody.status).toBe(202)
    expect((await author.delete(`/api/v1/invitations/${nobody.data.invitationId}`)).status).toBe(204)
    const readerEmail = (await reader.get('/api/v1/auth/me')).data.email
    const declined = await author.post(`/api/v1/collections/${collectionId}/shares`, { email: readerEmail, role: 'viewer' })
    expect(declined.status).toBe(202)
    expect((await reader.delete(`/api/v1/invitations/${declined.data.invitationId}`)).status).toBe(204)
    const invited = await author.post(`/api/v1/collections/${collectionId}/shares`, { email: readerEmail, role: 'viewer' })
    expect((await reader.get('/api/v1/invitations')).data.items).toHaveLength(1)
    expect((await author.post(`/api/v1/invitations/${invited.data.invitationId}/accept`)).status).toBe(404)
    expect((await reader.post(`/api/v1/invitations/${invited.data.invitationId}/accept`)).status).toBe(200)
    expect((await reader.post(`/api/v1/invitations/${invited.data.invitationId}/accept`)).status).toBe(404)
    expect((await reader.delete(`/api/v1/invitations/${invited.data.invitationId}`)).status).toBe(404)
    expect((await author.post(`/api/v1/collections/${collectionId}/shares`, { email: readerEmail, role: 'viewer' })).status).toBe(200)
    expect((await author.get(`/api/v1/collections/${collectionId}/shares`)).status).toBe(200)
    expect((await reader.get(`/api/v1/collections/${collectionId}/shares`)).status).toBe(403)
    expect((await reader.patch(`/api/v1/collections/${collectionId}`, { name: 'Mine now' })).status).toBe(403)

    // Documents: upload into the collection, then read it every way
    expect((await reader.upload('chapter.md', markdownChapter(word))).status).toBe(403)
    expect((await author.upload('chapter.exe', 'MZ')).status).toBe(415)
    const uploaded = await author.upload('chapter.md', markdownChapter(word), { collectionId })
    expect(uploaded.status, JSON.stringify(uploaded.data)).toBe(202)
    const id = uploaded.data.id
    const document = await author.waitForDocument(id)
    expect(document.status).toBe('ready')
    expect((await author.get('/api/v1/documents')).status).toBe(200)
    expect((await reader.get('/api/v1/documents?scope=shared')).status).toBe(200)
    expect((await author.get('/api/v1/documents?cursor=garbage')).status).toBe(400)
    expect((await author.get('/api/v1/documents/no-such-document')).status).toBe(404)
    expect((await author.get('/api/v1/documents/bad%20id')).status).toBe(422)
    expect((await author.get(`/api/v1/documents/${id}/reading-order`)).status).toBe(200)
    const atoms = await author.get(`/api/v1/documents/${id}/atoms?limit=100`)
    expect(atoms.status).toBe(200)
    const file = await author.get(`/api/v1/documents/${id}/file`)
    expect(file.status).toBe(200)
    expect(file.data).toContain(word)
    expect((await author.get(`/api/v1/collections/${collectionId}/documents`)).status).toBe(200)
    expect((await author.get(`/api/v1/collections/${collectionId}/atoms?type=concept,definition`)).status).toBe(200)
    const glossary = await reader.get(`/api/v1/documents/${id}/glossary`)
    expect(glossary.status).toBe(200)
    expect((await author.get('/api/v1/documents/no-such-document/glossary')).status).toBe(404)
    expect((await reader.get(`/api/v1/collections/${collectionId}/glossary`)).status).toBe(200)
    expect((await author.get('/api/v1/collections/no-such-collection/glossary')).status).toBe(404)
    const documentInvitation = await author.post(`/api/v1/documents/${id}/shares`, { email: readerEmail })
    expect(documentInvitation.status).toBe(202)
    expect((await reader.post(`/api/v1/invitations/${documentInvitation.data.invitationId}/accept`)).status).toBe(200)
    expect((await author.get(`/api/v1/documents/${id}/shares`)).status).toBe(200)
    expect((await reader.get(`/api/v1/documents/${id}/shares`)).status).toBe(403)
    expect((await reader.post(`/api/v1/documents/${id}/shares`, { email: readerEmail })).status).toBe(403)
    expect((await author.delete(`/api/v1/documents/${id}/shares/${readerId}`)).status).toBe(204)
    expect((await author.put(`/api/v1/documents/${id}/collection`, { collectionId: null })).status).toBe(200)
    expect((await author.put(`/api/v1/documents/${id}/collection`, { collectionId })).status).toBe(200)
    expect((await author.post(`/api/v1/documents/${id}/cancel`)).status).toBe(409)

    // Atoms: read, link, edit, split and merge back
    const [first, second] = atoms.data.items as Json[]
    expect((await reader.get(`/api/v1/atoms/${first.id}`)).status).toBe(200)
    expect((await author.get(`/api/v1/atoms/${first.id}/links`)).status).toBe(200)
    expect((await author.get('/api/v1/atoms/no-such-atom')).status).toBe(404)
    expect((await author.patch(`/api/v1/atoms/${first.id}`, { title: 'Energy, in short' })).status).toBe(200)
    expect((await author.patch(`/api/v1/atoms/${first.id}`, {})).status).toBe(422)
    const terms: string[] = first.terms.length > 0 ? first.terms.map((term: Json) => term.term) : ['energy']
    const corrected = await author.patch(`/api/v1/atoms/${first.id}`, { terms, definitions: [{ term: terms[0], meaning: 'what the atom says it is' }] })
    expect(corrected.status).toBe(200)
    expect((await author.patch(`/api/v1/atoms/${first.id}`, { definitions: [{ term: 'no such term', meaning: 'x' }] })).status).toBe(422)
    expect((await reader.patch(`/api/v1/atoms/${first.id}`, { title: 'Not mine' })).status).toBe(403)
    const target = (atoms.data.items as Json[]).find(atom => atom.body.includes('\n\n'))
    if (target) {
      const split = await author.post(`/api/v1/atoms/${target.id}/split`, { offset: target.body.indexOf('\n\n') + 2 })
      expect(split.status).toBe(200)
      expect((await author.post('/api/v1/atoms/merge', { ids: split.data.items.map((atom: Json) => atom.id) })).status).toBe(200)
    }
    else {
      expect((await author.post(`/api/v1/atoms/${first.id}/split`, { offset: 1 })).status).toBe(422)
      expect((await author.post('/api/v1/atoms/merge', { ids: [first.id, second.id] })).status).toBe(200)
    }
    expect((await author.post('/api/v1/atoms/merge', { ids: [first.id, first.id] })).status).toBe(422)

    // Search
    expect((await reader.get(`/api/v1/search?q=${word}`)).status).toBe(200)
    const found = await author.get(`/api/v1/search?q=${word}&collectionId=${collectionId}&difficulty=easy,medium,hard`)
    expect(found.status).toBe(200)
    expect(found.data.items.length).toBeGreaterThan(0)
    expect((await author.get('/api/v1/search?q=')).status).toBe(422)
    expect((await author.get(`/api/v1/search/suggest?q=${word.slice(0, 6)}`)).status).toBe(200)

    // Study: cards, a review, history and progress
    const cards = await author.get(`/api/v1/study/cards?documentId=${id}`)
    expect(cards.status).toBe(200)
    const due = await author.get(`/api/v1/study/due?collectionId=${collectionId}`)
    expect(due.status).toBe(200)
    expect((await author.get(`/api/v1/study/due?documentId=${id}&terms=${encodeURIComponent(glossary.data.items.map((item: Json) => item.key).join(','))}`)).status).toBe(200)
    const card = cards.data.items[0]
    if (card) {
      const review = { id: randomUUID(), cardId: card.cardId, atomId: card.atomId, rating: 3, reviewedAt: new Date().toISOString(), durationMs: 4000 }
      const recorded = await author.post('/api/v1/reviews', { reviews: [review] })
      expect(recorded.status).toBe(200)
      expect(recorded.data.accepted).toEqual([review.id])
    }
    expect((await author.post('/api/v1/reviews', { reviews: [] })).status).toBe(422)
    expect((await author.get('/api/v1/reviews')).status).toBe(200)
    expect((await author.get('/api/v1/progress?days=7')).status).toBe(200)
    expect((await author.get('/api/v1/study/schedule')).status).toBe(200)
    expect((await author.get('/api/v1/study/cards?documentId=no-such-document')).status).toBe(404)
    const myCards = await author.get(`/api/v1/cards?documentId=${id}&limit=1`)
    expect(myCards.status).toBe(200)
    expect((await author.get(`/api/v1/cards?collectionId=${collectionId}&state=new,learning&due=false`)).status).toBe(200)
    expect((await author.get('/api/v1/cards?state=sleeping')).status).toBe(422)
    expect((await author.get('/api/v1/cards?cursor=broken')).status).toBe(400)
    if (card) {
      expect((await author.get(`/api/v1/cards/${card.cardId}`)).status).toBe(200)
      expect((await reader.get(`/api/v1/cards/${card.atomId}-zzzz`)).status).toBe(404)
    }

    // Jobs: admins only
    expect((await admin.get('/api/v1/jobs')).status).toBe(200)
    expect((await author.get('/api/v1/jobs')).status).toBe(403)
    expect((await admin.post('/api/v1/jobs/warmCache')).status).toBe(202)
    expect((await author.post('/api/v1/jobs/warmCache')).status).toBe(403)
    expect((await admin.post('/api/v1/jobs/no-such-job')).status).toBe(422)

    // The text encoder in use, and its files for offline search (the built-in one's are public assets)
    const encoder = await reader.get('/api/v1/embeddings')
    expect(encoder.status).toBe(200)
    expect(encoder.data).toMatchObject({ version: '1', files: '/models/embeddings/1/' })
    expect((await reader.get('/api/v1/embeddings/1/model.json')).status).toBe(200)
    expect((await reader.get('/api/v1/embeddings/1/metadata.json')).status).toBe(200)
    expect((await reader.get('/api/v1/embeddings/no-such-version/metadata.json')).status).toBe(404)
    expect((await reader.get('/api/v1/embeddings/1/secrets.txt')).status).toBe(422)

    // Direct uploads are for S3; the embedded side says so
    expect((await author.post('/api/v1/documents/uploads', { filename: 'chapter.md', size: 100, contentType: 'text/markdown' })).status).toBe(501)
    expect((await author.post(`/api/v1/documents/uploads/${randomUUID()}/complete`, {})).status).toBe(404)

    // A new version, a reprocess and a cancel while it runs (it may finish first), then the removals
    expect((await author.replaceFile(id, 'chapter.md', markdownChapter(word, 4))).status).toBe(202)
    await author.waitForDocument(id)
    expect((await author.post(`/api/v1/documents/${id}/reprocess`)).status).toBe(202)
    expect([200, 409]).toContain((await author.post(`/api/v1/documents/${id}/cancel`)).status)
    await author.waitForDocument(id)
    expect((await author.delete(`/api/v1/collections/${collectionId}/shares/${readerId}`)).status).toBe(204)
    expect((await reader.delete(`/api/v1/collections/${collectionId}`)).status).toBe(404)
    expect((await author.delete(`/api/v1/collections/${collectionId}`)).status).toBe(204)
    expect((await reader.delete(`/api/v1/documents/${id}`)).status).toBe(404)
    expect((await author.delete(`/api/v1/documents/${id}`)).status).toBe(204)
  })

  it('tokens: made, listed, rotated and revoked with the cookie; used as a bearer within their scopes', async () => {
    const created = await author.post('/api/v1/tokens', { name: 'contract', scopes: ['study:read'], expiresInDays: 7 })
    expect(created.status).toBe(201)
    expect((await author.post('/api/v1/tokens', { name: 'contract', scopes: ['study:read'], expiresInDays: 400 })).status).toBe(422)
    expect((await author.get('/api/v1/tokens')).status).toBe(200)
    const bearer = client()
    const asToken = (secret: string, method: string, path: string) => bearer.request(method, path, { headers: { authorization: `Bearer ${secret}` } })
    expect((await asToken(created.data.secret, 'GET', '/api/v1/study/due')).status).toBe(200)
    expect((await asToken(created.data.secret, 'GET', '/api/v1/documents')).status).toBe(403)
    expect((await asToken(created.data.secret, 'GET', '/api/v1/tokens')).status).toBe(403)
    const rotated = await author.post(`/api/v1/tokens/${created.data.token.id}/rotate`)
    expect(rotated.status).toBe(201)
    expect((await asToken(created.data.secret, 'GET', '/api/v1/study/due')).status).toBe(401)
    expect((await author.post(`/api/v1/tokens/${rotated.data.token.id}/rotate`)).status).toBe(404)
    const another = await author.post('/api/v1/tokens', { name: 'second', scopes: ['documents:read'], expiresInDays: 1 })
    expect((await author.delete(`/api/v1/tokens/${another.data.token.id}`)).status).toBe(204)
    expect((await author.delete(`/api/v1/tokens/${another.data.token.id}`)).status).toBe(404)
  })

  it('second factors: an app enrolled and confirmed, a pending sign-in finished, passkey options, the policy', async () => {
    const owner = client()
    const email = uniqueEmail('mfa')
    await register(owner, 'mfa', undefined, email)
    expect((await owner.get('/api/v1/mfa')).status).toBe(200)
    const started = await owner.post('/api/v1/mfa/totp')
    expect(started.status).toBe(201)
    expect((await owner.post('/api/v1/mfa/totp/confirm', { code: 'abc' })).status).toBe(422)
    expect((await owner.post('/api/v1/mfa/totp/confirm', { code: totpCode(started.data.secret) })).status).toBe(200)
    expect((await owner.post('/api/v1/mfa/recovery-codes')).status).toBe(201)
    expect((await owner.post('/api/v1/mfa/passkeys', { verify: false, user: { userName: email } })).status).toBe(200)
    expect((await owner.delete('/api/v1/mfa/passkeys/unknown-credential')).status).toBe(404)
    expect((await owner.post('/api/v1/auth/reauthenticate', { password: 'correct horse battery' })).status).toBe(204)

    const pending = client()
    expect((await pending.post('/api/v1/auth/login', { email, password: 'correct horse battery' })).status).toBe(202)
    expect((await pending.post('/api/v1/auth/passkey', { verify: false })).status).toBe(200)
    expect((await pending.post('/api/v1/auth/second-factor', { method: 'totp', code: totpCode(started.data.secret, 1) })).status).toBe(200)
    expect((await owner.delete('/api/v1/mfa/totp')).status).toBe(204)

    expect((await admin.get('/api/v1/admin/mfa-policy')).status).toBe(200)
    expect((await admin.put('/api/v1/admin/mfa-policy', { required: 'off' })).status).toBe(200)
    expect((await author.put('/api/v1/admin/mfa-policy', { required: 'off' })).status).toBe(403)
  })

  it('sign-in: providers, linked accounts, password change and reset links, disabling', async () => {
    // This server configures no single sign-on: its provider routes answer 404 problem details.
    expect((await author.get('/api/v1/auth/sso/oidc')).status).toBe(404)
    expect((await author.get('/api/v1/auth/sso/github/callback?code=x&state=y')).status).toBe(404)
    expect((await author.get('/api/v1/auth/sso/facebook')).status).toBe(422)
    expect((await author.get('/api/v1/auth/identities')).status).toBe(200)
    expect((await author.delete('/api/v1/auth/identities/google')).status).toBe(404)

    const changer = client()
    const user = await register(changer, 'changer')
    expect((await changer.put('/api/v1/auth/password', { currentPassword: 'wrong password', newPassword: 'a new contract passphrase' })).status).toBe(401)
    expect((await changer.put('/api/v1/auth/password', { currentPassword: 'correct horse battery', newPassword: 'short' })).status).toBe(422)
    expect((await changer.put('/api/v1/auth/password', { currentPassword: 'correct horse battery', newPassword: 'a new contract passphrase' })).status).toBe(204)

    expect((await changer.post(`/api/v1/users/${user.id}/password-reset`)).status).toBe(403)
    expect((await admin.post('/api/v1/users/no-such-user/password-reset')).status).toBe(404)
    const issued = await admin.post(`/api/v1/users/${user.id}/password-reset`)
    expect(issued.status).toBe(201)
    const token = new URL(issued.data.url).hash.replace('#token=', '')
    expect((await client().post('/api/v1/auth/password-reset', { token, password: 'short' })).status).toBe(422)
    expect((await client().post('/api/v1/auth/password-reset', { token, password: 'a reset contract passphrase' })).status).toBe(204)
    expect((await client().post('/api/v1/auth/password-reset', { token, password: 'a reset contract passphrase' })).status).toBe(400)

    expect((await changer.put(`/api/v1/users/${user.id}/disabled`, { disabled: true })).status).toBe(401)
    expect((await author.put(`/api/v1/users/${user.id}/disabled`, { disabled: true })).status).toBe(403)
    expect((await admin.put('/api/v1/users/no-such-user/disabled', { disabled: true })).status).toBe(404)
    expect((await admin.put(`/api/v1/users/${user.id}/disabled`, { disabled: 'yes' })).status).toBe(422)
    const adminId = (await admin.get('/api/v1/auth/me')).data.id
    expect((await admin.put(`/api/v1/users/${adminId}/disabled`, { disabled: true })).status).toBe(409)
    expect((await admin.put(`/api/v1/users/${user.id}/disabled`, { disabled: true })).status).toBe(200)
    expect((await admin.put(`/api/v1/users/${user.id}/disabled`, { disabled: false })).status).toBe(200)
  })

  it('sessions: listed, one ended, the others ended', async () => {
    const email = uniqueEmail('contract-sessions')
    const laptop = client()
    await register(laptop, 'sessions', undefined, email)
    const phone = client()
    expect((await phone.post('/api/v1/auth/login', { email, password: 'correct horse battery' })).status).toBe(200)
    const listed = await laptop.get('/api/v1/sessions')
    expect(listed.status).toBe(200)
    const other = listed.data.items.find((item: { current: boolean }) => !item.current)
    expect((await laptop.delete(`/api/v1/sessions/${other.id}`)).status).toBe(204)
    expect((await laptop.delete(`/api/v1/sessions/${other.id}`)).status).toBe(404)
    expect((await laptop.post('/api/v1/sessions/end-others')).status).toBe(200)
  })

  it('OAuth clients: registered, listed and revoked by the admin; tokens from the token endpoint; keys published', async () => {
    const registered = await admin.post('/api/v1/oauth/clients', { name: 'contract', scopes: ['documents:read'] })
    expect(registered.status).toBe(201)
    expect((await admin.get('/api/v1/oauth/clients')).status).toBe(200)
    const form = (body: string, authorization?: string) => client().request('POST', '/api/v1/oauth/token', {
      body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization && { authorization }) },
    })
    const { id } = registered.data.client
    expect((await form(`grant_type=client_credentials&client_id=${id}&client_secret=${registered.data.secret}`)).status).toBe(200)
    expect((await form('grant_type=client_credentials', `Basic ${Buffer.from(`${id}:wrong`).toString('base64')}`)).status).toBe(401)
    expect((await form(`grant_type=implicit&client_id=${id}&client_secret=${registered.data.secret}`)).status).toBe(400)
    expect((await client().get('/.well-known/jwks.json')).status).toBe(200)
    expect((await admin.delete(`/api/v1/oauth/clients/${id}`)).status).toBe(204)
  })

  it('without a session, every signed-in operation answers 401 problem details', async () => {
    const anonymous = client()
    expect((await anonymous.get('/api/v1/documents')).status).toBe(401)
    expect((await anonymous.post('/api/v1/reviews', { reviews: [] })).status).toBe(401)
  })

  it('exercised every operation of the document', () => {
    const missing = checker.operationIds.filter(operationId => !checker.seen.has(operationId))
    expect(missing).toEqual([])
  })
})
