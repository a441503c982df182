import { invitationListSchema, invitationParamsSchema, invitationViewSchema } from '../../../shared/schemas/sharing'
import { defineOperation, routeOf } from '../operation'

const tag = 'invitations'

export const invitationOperations = {
  list: defineOperation({
    ...routeOf('listInvitations'), tag, signedIn: true,
    summary: 'Invitations to my email: what is shared, by whom, as what; oldest first',
    responses: { 200: { description: 'The invitations.', schema: invitationListSchema } },
  }),
  accept: defineOperation({
    ...routeOf('acceptInvitation'), tag, signedIn: true,
    summary: 'Accept an invitation to my email: the share takes effect',
    params: invitationParamsSchema,
    responses: { 200: { description: 'Accepted; the collection or document is now readable.', schema: invitationViewSchema } },
    problems: [404],
  }),
  remove: defineOperation({
    ...routeOf('removeInvitation'), tag, signedIn: true,
    summary: 'Decline an invitation to my email, or withdraw one I sent (owner)',
    params: invitationParamsSchema,
    responses: { 204: { description: 'Removed.' } },
    problems: [404],
  }),
}
