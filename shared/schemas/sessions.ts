import { z } from 'zod'

/** A signed-in session as its owner sees it in their list (never the secret id the cookie carries). */
export const sessionViewSchema = z.object({
  id: z.string().meta({ description: 'A handle of the session for ending it: not the secret its cookie carries.' }),
  device: z.string().meta({ description: 'Such as "Desktop, macOS 15", from the User-Agent.' }),
  browser: z.string(),
  place: z.string().meta({ description: 'The client address masked to its network: `203.0.113.x` or `2001:db8:1234::/48`.' }),
  createdAt: z.string(),
  lastSeenAt: z.string().meta({ description: 'Updated at most once a minute.' }),
  expiresAt: z.string().meta({ description: 'When it ends unless used again (idle timeout), never past its absolute timeout.' }),
  current: z.boolean().meta({ description: 'This is the session of the request.' }),
})
export type SessionView = z.infer<typeof sessionViewSchema>

export const sessionListSchema = z.object({ items: z.array(sessionViewSchema) })

export const sessionParamsSchema = z.object({ id: z.string().regex(/^[\w-]{22}$/, 'not a session id') })

/** The answer to ending the other sessions. */
export const endedSessionsSchema = z.object({ ended: z.number().int().min(0) })
export type EndedSessions = z.infer<typeof endedSessionsSchema>
