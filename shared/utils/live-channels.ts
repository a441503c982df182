import type { LiveChannel } from '../schemas/live'

// Event-bus channel names; plain functions apart from the schemas, so the browser can use them without zod.
export const documentChannel = (documentId: string) => `document:${documentId}`
export const collectionChannel = (collectionId: string) => `collection:${collectionId}`
export const userChannel = (userId: string) => `user:${userId}`
/** The event-bus channel of a subscription. */
export const channelName = ({ kind, id }: LiveChannel) => `${kind}:${id}`
/** The server's own channel of a user's sessions ending; no client subscribes to it (it is not a LiveChannel kind). */
export const sessionChannel = (userId: string) => `session:${userId}`
