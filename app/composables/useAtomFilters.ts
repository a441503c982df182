export type AtomFilterName = 'type' | 'difficulty'

/** The type and difficulty filters of a list of atoms, kept in the URL so a reload or a shared link keeps them. */
export function useAtomFilters() {
  const route = useRoute()
  const router = useRouter()
  const type = computed(() => queryList(route.query.type))
  const difficulty = computed(() => queryList(route.query.difficulty))

  function toggle(name: AtomFilterName, value: string) {
    const chosen = new Set(name === 'type' ? type.value : difficulty.value)
    if (chosen.has(value)) chosen.delete(value)
    else chosen.add(value)
    router.replace({ query: { ...route.query, [name]: chosen.size ? [...chosen].join(',') : undefined } })
  }

  return { type, difficulty, toggle }
}
