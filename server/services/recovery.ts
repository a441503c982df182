import type { Drivers } from '../drivers'
import { enqueueAtomize } from './documents'

/** Queues again every document whose work was cut short (a restart mid-job); jobs are idempotent. */
export async function resumeUnfinishedDocuments(drivers: Drivers): Promise<number> {
  const unfinished = await drivers.store.documents.listByStatus(['queued', 'processing'])
  for (const document of unfinished) await enqueueAtomize(drivers, document)
  return unfinished.length
}
