import type { ProblemDetails } from '../../shared/schemas/common'
import type { CardState, ReviewInput } from '../../shared/schemas/study'

type FieldError = NonNullable<ProblemDetails['errors']>[number]

const sameTime = (a: string | null, b: string | null) => a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b))

/**
 * The reviews graded on a card state that is not the stored one: the card was reviewed elsewhere since the
 * device saved its copy (or the review follows one refused as stale). Walked in `reviewedAt` order, as the
 * reviews are applied, so a device's own chain of reviews of one card is judged review by review. Reviews
 * that do not say what they were graded on (`previousReviewAt` absent), and those stored already (`known`:
 * a batch sent again), are never stale.
 */
export function staleReviews(reviews: ReviewInput[], stored: CardState[], known: Set<string>): FieldError[] {
  const lastReview = new Map(stored.map(state => [state.cardId, state.lastReview]))
  const ordered = reviews.map((review, index) => ({ review, index }))
    .sort((a, b) => a.review.reviewedAt.localeCompare(b.review.reviewedAt) || a.index - b.index)
  const errors: FieldError[] = []
  for (const { review, index } of ordered) {
    if (known.has(review.id)) continue
    const current = lastReview.get(review.cardId) ?? null
    if (review.previousReviewAt === undefined || sameTime(review.previousReviewAt, current)) {
      lastReview.set(review.cardId, review.reviewedAt)
      continue
    }
    errors.push({
      path: `reviews.${index}.previousReviewAt`,
      message: current === null
        ? 'the card has no review before this one'
        : `the card was last reviewed at ${current}, not at the time this review was graded on`,
    })
  }
  return errors.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }))
}
