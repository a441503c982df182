import { openDocumentFile } from '../../../../services/document-files'
import { documentOperations } from '../../../../openapi/operations'

/**
 * GET /api/v1/documents/:id/file: the original file, for whoever may read the document. Redirects (302)
 * to a short-lived storage URL when the file store presigns; otherwise the server sends the bytes.
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, documentOperations.downloadFile)
  const file = await openDocumentFile(useDrivers(), actor, id)
  // Per reader and short-lived: never kept by a shared cache, nor the redirect reused after it expires.
  setResponseHeader(event, 'cache-control', 'private, no-store')
  if (file.kind === 'redirect') return sendRedirect(event, file.url, 302)
  setResponseHeaders(event, {
    'content-type': file.contentType,
    'content-disposition': file.disposition,
    'x-content-type-options': 'nosniff',
    // Should a browser render it anyway, it runs nothing and reaches nothing of this origin.
    'content-security-policy': 'sandbox',
  })
  return file.data
})
