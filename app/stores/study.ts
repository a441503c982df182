import type { CardState, ReviewBatchResult, ReviewRating, StudyCard, StudyCardList } from '#shared/schemas/study'
import { fillPath } from '#shared/api/paths'
import type { MySchedule } from '#shared/schemas/schedule'
import { hasSavedOffline, rememberSchedule } from '~/offline/flags'
import { pendingFlag } from '~/utils/pending-reviews'

/**
 * The device's review queue (IndexedDB, FSRS, the schedule's validation): loaded when a card is revealed or a
 * review waits, not with the page, which first only shows cards.
 */
const deviceReviews = () => import('~/offline/reviews')

export const ratings: { rating: ReviewRating, label: string, key: string }[] = [
  { rating: 1, label: 'Again', key: '1' },
  { rating: 2, label: 'Hard', key: '2' },
  { rating: 3, label: 'Good', key: '3' },
  { rating: 4, label: 'Easy', key: '4' },
]

/** A review session: the due cards, one at a time, graded with FSRS; reviews are kept until the server has them. */
export const useStudyStore = defineStore('study', () => {
  const request = useApi()

  const queue = ref<StudyCard[]>([])
  const position = ref(0)
  const revealed = ref(false)
  /** When the card shown would come back after each rating, once it is revealed. */
  const intervals = ref<Record<ReviewRating, string> | null>(null)
  const graded = ref<Record<ReviewRating, number>>({ 1: 0, 2: 0, 3: 0, 4: 0 })
  const pending = ref(0)
  const syncing = ref(false)
  const syncError = ref<string | null>(null)
  /** Reviews made on this device that the server refused: their card had been reviewed elsewhere since. */
  const notCounted = ref(0)

  const current = computed(() => queue.value[position.value])
  const finished = computed(() => queue.value.length > 0 && position.value >= queue.value.length)
  const reviewed = computed(() => Object.values(graded.value).reduce((sum, count) => sum + count, 0))

  /** `terms`: only the cards of these key terms (comma-separated, as a glossary's study link gives them). */
  async function start(scope: { documentId?: string, collectionId?: string, terms?: string, atomId?: string } = {}) {
    // The learner's own parameters, when the server has fitted them, so reviews made here match its schedule.
    void request<MySchedule>('/api/v1/study/schedule').then(rememberSchedule, () => {})
    // A session on chosen terms takes all their new cards, not the day's usual handful.
    const { items } = await request<StudyCardList>('/api/v1/study/due', { query: { ...scope, newLimit: scope.terms || scope.atomId ? 200 : 20 } })
    queue.value = items
    position.value = 0
    revealed.value = false
    graded.value = { 1: 0, 2: 0, 3: 0, 4: 0 }
    await refreshPending()
  }

  function reveal() {
    revealed.value = true
    intervals.value = null
    const shown = current.value
    // Fetched while the learner reads the answer, so grading does not wait for it.
    void deviceReviews().then(({ nextIntervals }) => {
      if (shown && current.value === shown && revealed.value) intervals.value = nextIntervals(shown)
    })
  }

  async function grade(rating: ReviewRating) {
    const card = current.value
    if (!card || !revealed.value) return
    const { recordReview } = await deviceReviews()
    const next = await recordReview(card, rating)
    graded.value[rating]++
    if (rating === 1) queue.value.push(next)
    position.value++
    revealed.value = false
    pending.value++
    sync()
  }

  /**
   * Reviews synced from elsewhere (another device or tab): the cards still ahead in this session take their
   * new state, and leave the session if no longer due. States no newer than what this session holds are this
   * session's own reviews coming back, and change nothing.
   */
  function applySynced(states: CardState[]) {
    const byCard = new Map(states.map(state => [state.cardId, state]))
    const newer = (item: StudyCard) => {
      const state = byCard.get(item.cardId)
      const known = item.state?.lastReview ? Date.parse(item.state.lastReview) : -Infinity
      return state?.lastReview && Date.parse(state.lastReview) > known ? state : undefined
    }
    const now = Date.now()
    const shown = current.value
    const ahead = queue.value.slice(position.value).flatMap((item) => {
      const state = newer(item)
      if (!state) return [item]
      return Date.parse(state.due) <= now ? [{ ...item, state }] : []
    })
    queue.value = [...queue.value.slice(0, position.value), ...ahead]
    if (current.value?.cardId !== shown?.cardId) revealed.value = false
  }

  async function refreshPending() {
    // The flag says whether any review waits, so a device with none never opens its database here.
    if (!localStorage.getItem(pendingFlag)) {
      pending.value = 0
      return
    }
    const { pendingReviewCount } = await deviceReviews()
    pending.value = await pendingReviewCount().catch(() => 0)
  }

  /**
   * Sends what waits; offline it stays queued and goes when the network returns. `reconcile` (at start and
   * on reconnect): then the cards kept on the device take the server's states.
   */
  async function sync({ reconcile = false } = {}) {
    syncing.value = true
    syncError.value = null
    try {
      const { syncReviews } = await deviceReviews()
      const { stale } = await syncReviews({
        send: reviews => request<ReviewBatchResult>('/api/v1/reviews', { method: 'POST', body: { reviews } }),
        card: cardId => request<StudyCard>(fillPath('/api/v1/cards/{id}', { id: cardId })),
      })
      notCounted.value += stale
      // Nothing waits now: the device takes the server's state of every kept card, reviewed here or elsewhere.
      if (reconcile && hasSavedOffline()) {
        const { refreshKeptCardStates } = await import('~/offline/card-states')
        await refreshKeptCardStates(documentId => request<StudyCardList>('/api/v1/study/cards', { query: { documentId } }))
      }
    }
    catch (error) {
      if (!isNetworkFailure(error)) syncError.value = problemDetail(error)
    }
    finally {
      syncing.value = false
      await refreshPending()
    }
  }

  return { queue, position, revealed, intervals, graded, pending, syncing, syncError, notCounted, current, finished, reviewed, start, reveal, grade, sync, refreshPending, applySynced }
})
