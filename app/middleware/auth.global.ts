/** Pages anyone may see; everything else needs a session. */
const publicPaths = new Set(['/login', '/reset-password'])

export default defineNuxtRouteMiddleware((to) => {
  const { loggedIn } = useUserSession()
  const isPublic = publicPaths.has(to.path)
  if (!loggedIn.value && !isPublic) {
    // Remember where they were going, so signing in takes them back there.
    return navigateTo({ path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } })
  }
  if (loggedIn.value && isPublic) return navigateTo('/')
})
