import { endedSessionsSchema, sessionListSchema, sessionParamsSchema } from '../../../shared/schemas/sessions'
import { defineOperation, routeOf } from '../operation'

const tag = 'sessions'

export const sessionOperations = {
  list: defineOperation({
    ...routeOf('listSessions'), tag, signedIn: true,
    summary: 'My signed-in sessions, most recently used first',
    description: 'Each with its device and browser (from the User-Agent), its place (the address masked to its network), '
      + 'when it was created and last used (written at most once a minute), and whether it is this one. Needs the session cookie.',
    responses: { 200: { description: 'The sessions.', schema: sessionListSchema } },
  }),
  endOthers: defineOperation({
    ...routeOf('endOtherSessions'), tag, signedIn: true,
    summary: 'End every session of mine but this one',
    description: 'Their cookies stop working at once, even copied, and their live connections (WebSocket, GraphQL subscriptions) close.',
    responses: { 200: { description: 'How many sessions ended.', schema: endedSessionsSchema } },
  }),
  end: defineOperation({
    ...routeOf('endSession'), tag, signedIn: true,
    summary: 'End one of my sessions',
    description: 'Its cookie stops working at once and its live connections close. Ending this session signs out here too.',
    params: sessionParamsSchema,
    responses: { 204: { description: 'Ended.' } },
    problems: [404],
  }),
}
