// The image's HEALTHCHECK, for the web server and the worker alike: healthy when either the web server's
// liveness route (PORT) or the worker's health port (NUXT_WORKER_HEALTH_PORT) answers 200.
const targets = [
  `http://127.0.0.1:${process.env.PORT || 3000}/api/health/live`,
  `http://127.0.0.1:${process.env.NUXT_WORKER_HEALTH_PORT || 3001}/live`,
]
const answers = await Promise.allSettled(targets.map(url => fetch(url, { signal: AbortSignal.timeout(3000) })))
process.exit(answers.some(answer => answer.status === 'fulfilled' && answer.value.ok) ? 0 : 1)
