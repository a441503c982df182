import { z } from 'zod'

/** GET /api/v1/auth/csrf-token: the session's anti-forgery token and the header to send it in. */
export const csrfTokenSchema = z.object({
  token: z.string().meta({ description: 'Valid as long as the session that asked for it.' }),
  header: z.literal('x-csrf-token'),
})
