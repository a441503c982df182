import type { ReviewInput } from '#shared/schemas/study'

interface Refusal {
  statusCode?: number
  data?: { type?: string, errors?: { path: string }[] }
}

/**
 * The reviews of a batch the server refused for good, from the problem's `errors[].path` (`reviews.3.cardId`):
 * 422, a card that no longer exists; 409 `stale-review`, a card reviewed elsewhere since it was graded here.
 */
export function refusedReviews(error: unknown, batch: ReviewInput[]): { ids: string[], stale: boolean } {
  const failure = error as Refusal | undefined
  const stale = failure?.statusCode === 409 && failure.data?.type === '/problems/stale-review'
  if (failure?.statusCode !== 422 && !stale) return { ids: [], stale: false }
  const indices = (failure?.data?.errors ?? []).flatMap(item => /^reviews\.(\d+)/.exec(item.path)?.[1] ?? [])
  return { ids: [...new Set(indices.map(Number))].flatMap(index => batch[index]?.id ?? []), stale }
}
