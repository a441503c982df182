import { idSchema, pageQuerySchema } from '../../../shared/schemas/common'
import { documentListQuerySchema } from '../../../shared/schemas/document'
import { searchQuerySchema } from '../../../shared/schemas/search'
import { dueQuerySchema } from '../../../shared/schemas/study'
import { currentUser } from '../../services/accounts'
import { getAtom } from '../../services/atoms'
import { getCollection, listCollections } from '../../services/collections'
import { getDocument, listDocuments } from '../../services/documents'
import { searchAtoms } from '../../services/search'
import { listSessions } from '../../services/sessions'
import { spendAllowance } from '../../services/limits'
import { dueCards } from '../../services/study'
import { parseWith } from '../../utils/validate'
import { signedIn, type GraphqlContext } from '../context'
import { given, pageArgs } from './arguments'
import { primeAtoms, primeDocuments } from './prime'

type Args = Record<string, unknown>
interface PageArgs { first?: number | null, after?: string | null }

/** Each field validates its arguments with the REST endpoint's schema and calls the same service. */
export const Query = {
  me(_: unknown, __: Args, context: GraphqlContext) {
    return currentUser(context.drivers.store, signedIn(context).id)
  },

  sessions(_: unknown, __: Args, context: GraphqlContext) {
    // The field's scope (`session`) guarantees a cookie session.
    return listSessions(context.drivers, signedIn(context).id, context.sessionId!)
  },

  async document(_: unknown, args: { id: string }, context: GraphqlContext) {
    const document = await getDocument(context.drivers, signedIn(context), parseWith(idSchema, args.id))
    return primeDocuments(context, [document])[0]
  },

  async documents(_: unknown, args: PageArgs & { scope?: 'mine' | 'shared' | null }, context: GraphqlContext) {
    const actor = signedIn(context)
    const { scope, limit, cursor } = parseWith(documentListQuerySchema, given({ scope: args.scope, ...pageArgs(args) }))
    const page = await listDocuments(context.drivers, actor, scope, { limit, cursor })
    return { items: primeDocuments(context, page.items), nextCursor: page.nextCursor ?? null }
  },

  async atom(_: unknown, args: { id: string }, context: GraphqlContext) {
    const atom = await getAtom(context.drivers, signedIn(context), parseWith(idSchema, args.id))
    return primeAtoms(context, [atom])[0]
  },

  async search(_: unknown, args: Args, context: GraphqlContext) {
    const actor = signedIn(context)
    await spendAllowance(context.drivers, 'search', actor.id)
    const result = await searchAtoms(context.drivers, actor, parseWith(searchQuerySchema, given(args)))
    primeAtoms(context, result.items.map(hit => hit.atom))
    return result
  },

  async dueCards(_: unknown, args: Args, context: GraphqlContext) {
    return (await dueCards(context.drivers, signedIn(context), parseWith(dueQuerySchema, given(args)))).items
  },

  async collections(_: unknown, args: PageArgs, context: GraphqlContext) {
    const page = await listCollections(context.drivers, signedIn(context), parseWith(pageQuerySchema, pageArgs(args)))
    return { items: page.items, nextCursor: page.nextCursor ?? null }
  },

  collection(_: unknown, args: { id: string }, context: GraphqlContext) {
    return getCollection(context.drivers, signedIn(context), parseWith(idSchema, args.id))
  },
}
