import type { JobsOverview, QueuedJob, RunnableJobName } from '../../shared/schemas/jobs'
import type { Drivers } from '../drivers'
import { schedules } from '../jobs/schedules'
import { problems } from '../errors'
import type { Actor } from './actor'

/** The queue's counts and the jobs that failed for good; admins only, as payloads name documents. */
export async function jobsOverview(drivers: Drivers, actor: Actor, failedLimit: number): Promise<JobsOverview> {
  if (actor.role !== 'admin') throw problems.forbidden('Only an admin can see the job queue.')
  const [counts, failed] = await Promise.all([drivers.queue.stats(), drivers.queue.failed(failedLimit)])
  return { queue: drivers.queue.kind, runsInProcess: drivers.queue.runsInProcess, counts, failed }
}

/** Queues a scheduled job to run now, as its schedule would (admins): a retraining or a re-embedding need not wait for its hour. */
export async function runScheduledJob(drivers: Drivers, actor: Actor, name: RunnableJobName): Promise<QueuedJob> {
  if (actor.role !== 'admin') throw problems.forbidden('Only an admin can run a scheduled job.')
  const { scheduleId } = schedules[name]
  await drivers.queue.enqueue(name, {}, { jobId: scheduleId })
  return { name, jobId: scheduleId }
}
