import type { Atom } from '#shared/schemas/atom'
import type { CollectionView } from '#shared/schemas/collection'
import type { Page } from '#shared/schemas/common'
import type { DocumentView } from '#shared/schemas/document'

export interface AtomFilter {
  type?: string[]
  difficulty?: string[]
}

const pageSize = 50

/** Collections: the library's shelves, shared with others as viewers or editors. */
export const useCollectionsStore = defineStore('collections', () => {
  const request = useApi()

  const list = ref<Page<CollectionView>>({ items: [] })
  const current = ref<CollectionView | null>(null)
  const documents = ref<DocumentView[]>([])
  /** The collection's atoms in reading order (documents oldest first), with the filter they were read with. */
  const atoms = ref<Atom[]>([])

  const path = (id: string) => `/api/v1/collections/${encodeURIComponent(id)}`

  async function loadList() {
    list.value = await request<Page<CollectionView>>('/api/v1/collections', { query: { limit: 100 } })
  }

  async function create(name: string, description?: string) {
    const created = await request<CollectionView>('/api/v1/collections', { method: 'POST', body: { name, ...(description?.trim() && { description }) } })
    list.value = { ...list.value, items: [created, ...list.value.items] }
    return created
  }

  async function open(id: string) {
    const [collection, page] = await Promise.all([
      request<CollectionView>(path(id)),
      request<Page<DocumentView>>(`${path(id)}/documents`, { query: { limit: 100 } }),
    ])
    current.value = collection
    documents.value = page.items
  }

  /** Every atom of the collection in reading order, or only those of the chosen types and difficulties. */
  async function loadAtoms(id: string, filter: AtomFilter = {}) {
    const all: Atom[] = []
    let cursor: string | undefined
    do {
      const page: Page<Atom> = await request<Page<Atom>>(`${path(id)}/atoms`, {
        query: { limit: pageSize * 4, ...(cursor && { cursor }), ...(filter.type?.length && { type: filter.type.join(',') }), ...(filter.difficulty?.length && { difficulty: filter.difficulty.join(',') }) },
      })
      all.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    atoms.value = all
    return all
  }

  async function rename(id: string, patch: { name?: string, description?: string }) {
    current.value = await request<CollectionView>(path(id), { method: 'PATCH', body: patch })
  }

  async function remove(id: string) {
    await request(path(id), { method: 'DELETE' })
    list.value = { ...list.value, items: list.value.items.filter(item => item.id !== id) }
    if (current.value?.id === id) current.value = null
  }

  /** Puts a document into a collection, or takes it out with null. */
  async function moveDocument(documentId: string, collectionId: string | null) {
    return request<DocumentView>(`/api/v1/documents/${encodeURIComponent(documentId)}/collection`, { method: 'PUT', body: { collectionId } })
  }

  return { list, current, documents, atoms, loadList, create, open, loadAtoms, rename, remove, moveDocument }
})
