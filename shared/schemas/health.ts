import { z } from 'zod'

/** GET /api/health: the app is up, and which driver serves each concern (`sqlite` or `mongo`, and so on). */
export const healthSchema = z.object({
  status: z.literal('ok'),
  drivers: z.object({
    store: z.string(),
    cache: z.string(),
    search: z.string(),
    files: z.string(),
    queue: z.string(),
    events: z.string(),
    limits: z.string(),
    sessions: z.string(),
  }),
  /** The TF.js backend the models run on: `tensorflow` (tfjs-node), `wasm` or `cpu`. */
  ml: z.object({ backend: z.string() }),
})
export type Health = z.infer<typeof healthSchema>
