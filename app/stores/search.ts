import type { SearchHit, SearchResult } from '#shared/schemas/search'

export const useSearchStore = defineStore('search', () => {
  const request = useApi()

  const query = ref('')
  const results = ref<SearchHit[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** Answers to a query the user has since replaced must not overwrite the newer one. */
  let latest = 0

  async function run(q: string, filters: { type?: string[], difficulty?: string[], collectionId?: string } = {}) {
    const text = q.trim()
    query.value = text
    error.value = null
    if (!text) {
      results.value = []
      total.value = 0
      return
    }
    const ticket = ++latest
    loading.value = true
    try {
      const result = await request<SearchResult>('/api/v1/search', { query: {
        q: text,
        limit: 20,
        ...(filters.type?.length && { type: filters.type.join(',') }),
        ...(filters.difficulty?.length && { difficulty: filters.difficulty.join(',') }),
        ...(filters.collectionId && { collectionId: filters.collectionId }),
      } })
      if (ticket !== latest) return
      results.value = result.items
      total.value = result.total
    }
    catch (failure) {
      if (ticket !== latest) return
      results.value = []
      total.value = 0
      error.value = problemDetail(failure)
    }
    finally {
      if (ticket === latest) loading.value = false
    }
  }

  return { query, results, total, loading, error, run }
})
