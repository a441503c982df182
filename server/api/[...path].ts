import { problems } from '../errors'

/** Any other /api path: a problem, not the HTML page a browser route would get. */
export default defineEventHandler(() => {
  throw problems.notFound('API route')
})
