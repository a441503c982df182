import { failedJobsQuerySchema, jobsOverviewSchema } from '../../../shared/schemas/jobs'
import { defineOperation } from '../operation'

export const jobOperations = {
  overview: defineOperation({
    operationId: 'getJobs', method: 'get', path: '/api/v1/jobs', tag: 'jobs', signedIn: true,
    summary: 'The queue\'s counts and its dead-letter list (admins)',
    query: failedJobsQuerySchema,
    responses: { 200: { description: 'The queue.', schema: jobsOverviewSchema } },
    problems: [403],
  }),
}
