import type { LiveEvent } from '../../shared/schemas/live'
import { collectionChannel, documentChannel, userChannel } from '../../shared/utils/live-channels'
import type { Drivers } from '../drivers'
import type { DocumentRecord } from '../drivers/store/types'

type EventDrivers = Pick<Drivers, 'events'>

/**
 * The one place that decides where a document's events go: its own channel and, while it is in one, its
 * collection's, so collection subscribers follow every document in it without subscribing to each.
 */
export async function publishDocumentEvent(drivers: EventDrivers, document: Pick<DocumentRecord, 'id' | 'collectionId'>, event: LiveEvent): Promise<void> {
  await drivers.events.publish(documentChannel(document.id), event)
  if (document.collectionId) await drivers.events.publish(collectionChannel(document.collectionId), event)
}

/** Events about the collection itself (documents moved in or out, the collection deleted, access). */
export async function publishCollectionEvent(drivers: EventDrivers, collectionId: string, event: LiveEvent): Promise<void> {
  await drivers.events.publish(collectionChannel(collectionId), event)
}

/** Events only the user themselves may hear, on any of their devices. */
export async function publishUserEvent(drivers: EventDrivers, userId: string, event: LiveEvent): Promise<void> {
  await drivers.events.publish(userChannel(userId), event)
}
