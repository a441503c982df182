import { atomMergeSchema, atomPatchSchema, atomSplitSchema } from '../../../shared/schemas/atom-edit'
import { idSchema } from '../../../shared/schemas/common'
import { textUploadSchema } from '../../../shared/schemas/document'
import { reviewBatchSchema } from '../../../shared/schemas/study'
import { createDifficultyScorer } from '../../ml/difficulty/scorer'
import { createDefinitionJudge } from '../../ml/definitions/model'
import { editAtom, mergeAtoms, splitAtom } from '../../services/atom-editing'
import { createDocument } from '../../services/documents'
import { spendAllowance } from '../../services/limits'
import { recordReviews } from '../../services/study'
import { parseWith } from '../../utils/validate'
import { signedIn, type GraphqlContext } from '../context'
import { textAsUpload } from '../text-upload'
import { given } from './arguments'
import { sessionParamsSchema } from '../../../shared/schemas/sessions'
import { endOtherSessions, endOwnSession } from '../../services/sessions'
import { primeAtoms, primeDocuments } from './prime'

type Args = Record<string, unknown>

/** A review's arguments; an explicit null `previousReviewAt` means "never reviewed before", not "not given". */
const reviewArgs = (review: Args) => ({ ...given(review), ...(review.previousReviewAt === null && { previousReviewAt: null }) })

/** Edited atoms are scored like atomized ones (models load once per process, whoever asks). */
const difficultyScorer = (context: GraphqlContext) => createDifficultyScorer(context.config, context.drivers.files)
const definitionJudge = (context: GraphqlContext) => createDefinitionJudge(context.config)

export const Mutation = {
  async endSession(_: unknown, args: { id: string }, context: GraphqlContext) {
    const { id } = parseWith(sessionParamsSchema, args)
    await endOwnSession(context.drivers, signedIn(context).id, id, context.sessionId!)
    return true
  },

  async endOtherSessions(_: unknown, __: Args, context: GraphqlContext) {
    return (await endOtherSessions(context.drivers, signedIn(context).id, context.sessionId!)).ended
  },

  async uploadText(_: unknown, args: Args, context: GraphqlContext) {
    const actor = signedIn(context)
    const input = parseWith(textUploadSchema, given(args))
    // The same allowances as the REST operations (server/drivers/limits/buckets.ts).
    await spendAllowance(context.drivers, 'uploads', actor.id)
    const document = await createDocument(context.drivers, context.config, actor, textAsUpload(input))
    return primeDocuments(context, [document])[0]
  },

  async editAtom(_: unknown, args: { id: string, input: Args }, context: GraphqlContext) {
    const actor = signedIn(context)
    await spendAllowance(context.drivers, 'edits', actor.id)
    const atom = await editAtom(context.drivers, actor, parseWith(idSchema, args.id), parseWith(atomPatchSchema, given(args.input)), difficultyScorer(context), definitionJudge(context))
    return primeAtoms(context, [atom])[0]
  },

  async splitAtom(_: unknown, args: { id: string, offset: number }, context: GraphqlContext) {
    const actor = signedIn(context)
    await spendAllowance(context.drivers, 'edits', actor.id)
    const { offset } = parseWith(atomSplitSchema, { offset: args.offset })
    const { items } = await splitAtom(context.drivers, actor, parseWith(idSchema, args.id), offset, difficultyScorer(context))
    return primeAtoms(context, items)
  },

  async mergeAtoms(_: unknown, args: { ids: string[] }, context: GraphqlContext) {
    const actor = signedIn(context)
    await spendAllowance(context.drivers, 'edits', actor.id)
    const { ids } = parseWith(atomMergeSchema, { ids: args.ids })
    return primeAtoms(context, [await mergeAtoms(context.drivers, actor, ids, difficultyScorer(context))])[0]
  },

  async recordReviews(_: unknown, args: { reviews: Args[] }, context: GraphqlContext) {
    const actor = signedIn(context)
    return recordReviews(context.drivers, actor, parseWith(reviewBatchSchema, { reviews: args.reviews.map(reviewArgs) }))
  },
}
