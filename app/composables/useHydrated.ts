/**
 * False until the component is mounted in the browser. Submit buttons wait for it: a form submitted before the
 * page is hydrated would be sent by the browser itself, as a GET with the fields (a password, a file name) in the URL.
 */
export function useHydrated() {
  const hydrated = ref(false)
  onMounted(() => {
    hydrated.value = true
  })
  return hydrated
}
