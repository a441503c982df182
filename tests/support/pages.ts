import { markdownChapter } from './content'
import { ApiClient, register, uniqueEmail } from './http'

/**
 * The app's main pages, shared by the web bench (`npm run bench:web`, Lighthouse) and the accessibility
 * test (axe-core in Chromium). Add a page here and both pick it up; if it needs content of its own (a
 * collection, a study session…), create it in `preparePageContent` and add its id to `PageContent`.
 */
export interface PageContent {
  /** A document that is ready, with atoms. */
  documentId: string
  /** One of that document's atoms, with links to others. */
  atomId: string
  /** A word that finds atoms of that document. */
  searchTerm: string
  /** A collection holding that document. */
  collectionId: string
}

export interface AppPage {
  /** A short name for reports and test titles. */
  name: string
  /** Whether the page is visited with a session (signed out, it is `/login` only). */
  signedIn: boolean
  /** The path to visit; the browser must end up on this path (not redirected to /login). */
  path: (content: PageContent) => string
}

export const appPages: AppPage[] = [
  { name: 'login', signedIn: false, path: () => '/login' },
  { name: 'library', signedIn: true, path: () => '/' },
  { name: 'document', signedIn: true, path: content => `/documents/${content.documentId}` },
  { name: 'atom', signedIn: true, path: content => `/atoms/${content.atomId}` },
  { name: 'search', signedIn: true, path: content => `/search?q=${encodeURIComponent(content.searchTerm)}` },
  { name: 'document graph', signedIn: true, path: content => `/documents/${content.documentId}/graph` },
  { name: 'collection', signedIn: true, path: content => `/collections/${content.collectionId}` },
  { name: 'collection graph', signedIn: true, path: content => `/collections/${content.collectionId}/graph` },
  { name: 'document glossary', signedIn: true, path: content => `/documents/${content.documentId}/glossary` },
  { name: 'collection glossary', signedIn: true, path: content => `/collections/${content.collectionId}/glossary` },
  { name: 'study', signedIn: true, path: () => '/study' },
  { name: 'progress', signedIn: true, path: () => '/progress' },
  { name: 'api tokens', signedIn: true, path: () => '/settings/tokens' },
  { name: 'security', signedIn: true, path: () => '/settings/security' },
]

export const password = 'correct horse battery'

export interface PreparedPages {
  /** A signed-in API client of the user who owns the content. */
  client: ApiClient
  email: string
  /** `nuxt-session=…`, to send as a `cookie` header. */
  cookie: string
  content: PageContent
}

/**
 * Registers a user through the API and uploads a small Markdown chapter, waiting until it is ready, so the
 * document, atom and search pages show real content.
 */
export async function preparePageContent(baseURL: string): Promise<PreparedPages> {
  const client = new ApiClient(baseURL)
  const email = uniqueEmail('pages')
  await register(client, { email, password, name: 'Page Tester' })
  const searchTerm = 'photosynthesis'
  const document = await client.uploadReady('energy.md', markdownChapter(searchTerm, 6), { title: 'Energy in living things' })
  const atoms = await client.get(`/api/v1/documents/${document.id}/atoms?limit=50`)
  const items = (atoms.data?.items ?? []) as { id: string }[]
  if (atoms.status !== 200 || items.length === 0) throw new Error(`no atoms: ${atoms.status} ${JSON.stringify(atoms.data)}`)
  // One from the middle: it has prerequisites before it and related atoms around it.
  const atom = items[Math.floor(items.length / 2)]!
  const collection = await client.post('/api/v1/collections', { name: 'Biology', description: 'Energy and life' })
  if (collection.status !== 201) throw new Error(`collection failed: ${collection.status} ${JSON.stringify(collection.data)}`)
  const moved = await client.put(`/api/v1/documents/${document.id}/collection`, { collectionId: collection.data.id })
  if (moved.status !== 200) throw new Error(`move failed: ${moved.status} ${JSON.stringify(moved.data)}`)
  return { client, email, cookie: client.cookieHeader, content: { documentId: document.id, atomId: atom.id, searchTerm, collectionId: collection.data.id } }
}

/** True when `url` is the page asked for (same path), not a redirect elsewhere (for example to /login). */
export function isOnPage(url: string, path: string): boolean {
  return new URL(url).pathname === new URL(path, 'http://x').pathname
}
