import { acceptedShareSchema, pendingShareSchema } from '../../../shared/schemas/sharing'
import type { OperationResponse } from '../operation'

/**
 * The answers to sharing by email, for a collection and a document alike: the same 202 whether or not the
 * email has an account, and 200 only for a user who already accepted (whom the owner sees in the list).
 */
export const shareResponses: Record<number, OperationResponse> = {
  200: { description: 'The email belongs to a user who already accepted a share of it: their role is changed.', schema: acceptedShareSchema },
  202: {
    description: 'Invited: a pending invitation for that email (or its pending invitation takes the role), whether or not '
      + 'the email has an account. It takes effect when the account with that email accepts it.',
    schema: pendingShareSchema,
  },
}
