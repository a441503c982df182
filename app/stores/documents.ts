import type { Atom } from '#shared/schemas/atom'
import type { Page } from '#shared/schemas/common'
import type { DocumentView } from '#shared/schemas/document'
import type { LiveForwardedEvent } from '#shared/schemas/live'

export type LibraryScope = 'mine' | 'shared'

export interface OrderedAtom { id: string, title: string }

/** An atom, or only its id and title when a reading order names one not loaded yet. */
export type ListedAtom = OrderedAtom & Partial<Atom>

/** GET /api/v1/documents/:id/reading-order: every atom after its prerequisites. */
export interface ReadingOrder {
  documentId: string
  items: OrderedAtom[]
  /** The document was processed again since this order was read; worth asking for a fresh one. */
  stale: boolean
}

const libraryPageSize = 20
/** The API's maximum page size: fewer round trips for long documents. */
const atomPageSize = 100

const isNewer = (next: DocumentView, known: DocumentView | undefined) => !known || next.updatedAt >= known.updatedAt

export const useDocumentsStore = defineStore('documents', () => {
  const request = useApi()

  const library = ref<Record<LibraryScope, Page<DocumentView>>>({ mine: { items: [] }, shared: { items: [] } })
  const current = ref<DocumentView | null>(null)
  /** Set when the open document is deleted while someone looks at it. */
  const currentDeleted = ref(false)
  /** The open document's atoms; keyed by id because live batches and REST pages overlap. */
  const atomsById = ref<Record<string, Atom>>({})
  const atoms = computed(() => Object.values(atomsById.value).sort((a, b) => a.order - b.order))
  /** Whether a full REST read of the open document's atoms has finished, so an empty list means none. */
  const atomsLoaded = ref(false)
  /** The open document's atoms with each after its prerequisites, once asked for. */
  const readingOrder = ref<ReadingOrder | null>(null)

  async function loadLibrary() {
    const [mine, shared] = await Promise.all((['mine', 'shared'] as const).map(scope =>
      request<Page<DocumentView>>('/api/v1/documents', { query: { scope, limit: libraryPageSize } })))
    library.value = { mine: mine!, shared: shared! }
  }

  async function loadMore(scope: LibraryScope) {
    const cursor = library.value[scope].nextCursor
    if (!cursor) return
    const page = await request<Page<DocumentView>>('/api/v1/documents', { query: { scope, cursor, limit: libraryPageSize } })
    library.value[scope] = { items: [...library.value[scope].items, ...page.items], nextCursor: page.nextCursor }
  }

  async function open(id: string) {
    const document = await request<DocumentView>(`/api/v1/documents/${encodeURIComponent(id)}`)
    if (current.value?.id !== id) {
      atomsById.value = {}
      atomsLoaded.value = false
      currentDeleted.value = false
      if (readingOrder.value?.documentId !== id) readingOrder.value = null
    }
    if (current.value?.id !== id || isNewer(document, current.value)) current.value = document
  }

  /** Reads the open document's atoms page by page (all, unless `maxPages`), merging into what live messages brought. */
  async function loadAtoms(id: string, maxPages = Number.POSITIVE_INFINITY) {
    let cursor: string | undefined
    let pages = 0
    do {
      const page: Page<Atom> = await request<Page<Atom>>(`/api/v1/documents/${encodeURIComponent(id)}/atoms`, {
        query: { limit: atomPageSize, ...(cursor && { cursor }) },
      })
      if (current.value?.id !== id) return
      mergeAtoms(page.items)
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < maxPages)
    if (!cursor) atomsLoaded.value = true
  }

  /** Loads the document and its atoms unless they are already here (the reader, after the document page). */
  async function ensureDocument(id: string) {
    if (current.value?.id === id && atoms.value.length >= current.value.atomCount && current.value.status === 'ready') return
    await open(id)
    await loadAtoms(id)
  }

  /** Counts the changes that make a reading order stale, so an answer that crossed one is not taken as fresh. */
  let orderChanges = 0

  /** Reads the reading order of a document unless a fresh one is here already. */
  async function loadReadingOrder(id: string, { force = false } = {}) {
    const known = readingOrder.value
    if (!force && known?.documentId === id && !known.stale) return known.items
    const changes = orderChanges
    const { items } = await request<{ items: OrderedAtom[] }>(`/api/v1/documents/${encodeURIComponent(id)}/reading-order`)
    readingOrder.value = { documentId: id, items, stale: changes !== orderChanges }
    return items
  }

  function markReadingOrderStale(documentId: string) {
    orderChanges++
    if (readingOrder.value?.documentId === documentId) readingOrder.value = { ...readingOrder.value, stale: true }
  }

  function mergeAtoms(incoming: Atom[]) {
    if (incoming.length === 0) return
    // Replaced as a whole, so one batch causes one re-render rather than one per atom.
    atomsById.value = { ...atomsById.value, ...Object.fromEntries(incoming.map(atom => [atom.id, atom])) }
  }

  function updateListed(document: DocumentView) {
    for (const scope of ['mine', 'shared'] as const) {
      const items = library.value[scope].items
      const index = items.findIndex(item => item.id === document.id)
      if (index >= 0 && isNewer(document, items[index])) items[index] = document
    }
  }

  function forget(id: string) {
    for (const scope of ['mine', 'shared'] as const) {
      library.value[scope].items = library.value[scope].items.filter(item => item.id !== id)
    }
  }

  function applyLive(message: LiveForwardedEvent) {
    switch (message.type) {
      case 'document': {
        const document = message.document
        updateListed(document)
        if (current.value?.id !== document.id || !isNewer(document, current.value)) return
        if (document.status === 'ready' && current.value.status !== 'ready') markReadingOrderStale(document.id)
        current.value = document
        if (document.status === 'ready') {
          // A rerun that produced fewer atoms leaves stale ones behind; the final count is authoritative.
          atomsById.value = Object.fromEntries(Object.entries(atomsById.value).filter(([, atom]) => atom.order < document.atomCount))
        }
        return
      }
      case 'atoms':
        if (current.value?.id === message.documentId) mergeAtoms(message.atoms)
        return
      case 'atoms-removed':
        if (current.value?.id === message.documentId) {
          const removed = new Set(message.atomIds)
          atomsById.value = Object.fromEntries(Object.entries(atomsById.value).filter(([id]) => !removed.has(id)))
          markReadingOrderStale(message.documentId)
        }
        return
      case 'deleted':
        forget(message.documentId)
        if (current.value?.id === message.documentId) currentDeleted.value = true
        return
    }
  }

  /** Uploads one file (into a collection, if given); `onProgress` hears the fraction of bytes sent. */
  async function upload(file: File, options: { title?: string, collectionId?: string, onProgress?: (fraction: number) => void } = {}) {
    const form = new FormData()
    form.set('file', file)
    if (options.title?.trim()) form.set('title', options.title.trim())
    if (options.collectionId) form.set('collectionId', options.collectionId)
    return await postWithProgress<{ id: string, status: DocumentView['status'] }>('/api/v1/documents', form, fraction => options.onProgress?.(fraction))
  }

  /** A document view the server answered with: newer than what the socket brought, or ignored. */
  function applyView(document: DocumentView) {
    updateListed(document)
    if (current.value?.id === document.id && isNewer(document, current.value)) current.value = document
  }

  /** Stops processing; the document ends failed with "Cancelled." (owner only). */
  async function cancel(id: string) {
    const document = await request<DocumentView>(`/api/v1/documents/${encodeURIComponent(id)}/cancel`, { method: 'POST' })
    applyView(document)
    return document
  }

  /** Atomizes the stored file again (owner only); the old atoms stay readable until the new ones are stored. */
  async function reprocess(id: string) {
    const document = await request<DocumentView>(`/api/v1/documents/${encodeURIComponent(id)}/reprocess`, { method: 'POST' })
    applyView(document)
    return document
  }

  /** Uploads an edited version of the file (owner only): unchanged atoms keep their ids. */
  async function uploadVersion(id: string, file: File, title: string | undefined, onProgress: (fraction: number) => void) {
    const form = new FormData()
    form.set('file', file)
    if (title?.trim()) form.set('title', title.trim())
    const document = await sendWithProgress<DocumentView>('PUT', `/api/v1/documents/${encodeURIComponent(id)}/file`, form, onProgress)
    applyView(document)
    return document
  }

  async function remove(id: string) {
    await request(`/api/v1/documents/${encodeURIComponent(id)}`, { method: 'DELETE' })
    forget(id)
    if (current.value?.id === id) {
      current.value = null
      atomsById.value = {}
      atomsLoaded.value = false
    }
  }

  return {
    library, current, currentDeleted, atomsById, atoms, atomsLoaded, readingOrder,
    loadLibrary, loadMore, open, loadAtoms, ensureDocument, loadReadingOrder, mergeAtoms, applyLive, upload, uploadVersion,
    cancel, reprocess, remove,
  }
})
