import { createHash } from 'node:crypto'
import type { AtomDraft } from './types'

/**
 * Ids that survive re-ingestion: a hash of the document, the heading trail and the position of the
 * atom among atoms with the same trail. Editing one section leaves the ids elsewhere unchanged.
 */
export function atomIds(documentId: string, drafts: AtomDraft[]): string[] {
  const seen = new Map<string, number>()
  return drafts.map((draft) => {
    const trail = draft.headingTrail.join('\u001F')
    const occurrence = seen.get(trail) ?? 0
    seen.set(trail, occurrence + 1)
    return createHash('sha256').update(`${documentId}\u001E${trail}\u001E${occurrence}`).digest('base64url').slice(0, 22)
  })
}
