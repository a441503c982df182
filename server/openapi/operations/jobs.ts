import { failedJobsQuerySchema, jobsOverviewSchema, queuedJobSchema, runJobParamsSchema } from '../../../shared/schemas/jobs'
import { defineOperation, routeOf } from '../operation'

export const jobOperations = {
  overview: defineOperation({
    ...routeOf('getJobs'), tag: 'jobs', signedIn: true,
    summary: 'The queue\'s counts and its dead-letter list (admins)',
    query: failedJobsQuerySchema,
    responses: { 200: { description: 'The queue.', schema: jobsOverviewSchema } },
    problems: [403],
  }),
  run: defineOperation({
    ...routeOf('runJob'), tag: 'jobs', signedIn: true,
    summary: 'Run a scheduled job now, as its schedule would (admins)',
    description: '`refreshEmbeddings` gives every atom whose vector another text encoder made a vector of the one in use '
      + '(the text encoder learns from public material only and is never retrained on stored atoms); '
      + 'while one run of a job waits or runs, another is not queued.',
    params: runJobParamsSchema,
    responses: { 202: { description: 'Queued.', schema: queuedJobSchema } },
    problems: [403],
  }),
}
