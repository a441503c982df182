import { expect } from 'vitest'
import type { ApiClient } from './http'

interface Reader {
  client: ApiClient
  email: string
}

/** The owner shares the collection with the reader as viewer or editor; the share is in effect on return. */
export async function shareCollectionWith(owner: ApiClient, collectionId: string, reader: Reader, role: 'viewer' | 'editor'): Promise<void> {
  const response = await owner.post(`/api/v1/collections/${collectionId}/shares`, { email: reader.email, role })
  expect(response.status, JSON.stringify(response.data)).toBeLessThan(300)
}

/** The owner lets the reader read the document; in effect on return. */
export async function shareDocumentWith(owner: ApiClient, documentId: string, reader: Reader): Promise<void> {
  const response = await owner.post(`/api/v1/documents/${documentId}/shares`, { email: reader.email })
  expect(response.status, JSON.stringify(response.data)).toBeLessThan(300)
}
