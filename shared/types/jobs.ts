/** Every job the queue carries, with its payload: ids only, never content or secrets. */
export interface JobPayloads {
  atomize: { documentId: string, version: number }
}
export type JobName = keyof JobPayloads
