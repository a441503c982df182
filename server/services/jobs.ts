import type { JobsOverview } from '../../shared/schemas/jobs'
import type { Drivers } from '../drivers'
import { problems } from '../errors'
import type { Actor } from './actor'

/** The queue's counts and the jobs that failed for good; admins only, as payloads name documents. */
export async function jobsOverview(drivers: Drivers, actor: Actor, failedLimit: number): Promise<JobsOverview> {
  if (actor.role !== 'admin') throw problems.forbidden('Only an admin can see the job queue.')
  const [counts, failed] = await Promise.all([drivers.queue.stats(), drivers.queue.failed(failedLimit)])
  return { queue: drivers.queue.kind, runsInProcess: drivers.queue.runsInProcess, counts, failed }
}
