/** Pages anyone may see; everything else needs a session. */
const publicPaths = new Set(['/login', '/reset-password'])

/** Where a session that may only set up a second factor (the MFA policy) is kept until it has one. */
const enrolPath = '/enrol-mfa'

export default defineNuxtRouteMiddleware((to) => {
  const { loggedIn, session } = useUserSession()
  const isPublic = publicPaths.has(to.path)
  if (loggedIn.value && session.value?.mfaEnrolment) {
    return to.path === enrolPath ? undefined : navigateTo({ path: enrolPath, query: to.fullPath === '/' ? {} : { redirect: to.fullPath } })
  }
  if (to.path === enrolPath) return navigateTo('/')
  if (!loggedIn.value && !isPublic) {
    // Remember where they were going, so signing in takes them back there.
    return navigateTo({ path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } })
  }
  if (loggedIn.value && isPublic) return navigateTo('/')
})
