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

/** GET /api/health/live: the process answers (the orchestrator restarts it when it stops answering). */
export const livenessSchema = z.object({ status: z.literal('live') })

/** GET /api/health/ready: the instance takes requests: it is not shutting down and its drivers answer. */
export const readinessSchema = z.object({ status: z.literal('ready') })
