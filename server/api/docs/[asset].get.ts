import { metaOperations } from '../../openapi/operations'
import { referenceAssets } from '../../openapi/reference-assets'
import { referenceAssetText } from '../../openapi/reference-page'

/** GET /api/docs/:asset: the reference page's script and style sheet, from the swagger-ui-dist package. */
export default defineEventHandler(async (event) => {
  const { params: { asset } } = await validRequest(event, metaOperations.referenceAsset)
  setResponseHeaders(event, { 'content-type': `${referenceAssets[asset].contentType}; charset=utf-8`, 'cache-control': 'public, max-age=86400' })
  return referenceAssetText[asset]
})
