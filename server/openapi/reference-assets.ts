/** The files of swagger-ui-dist the reference page loads, served by the app itself (no other site needed). */
export const referenceAssets = {
  'swagger-ui-bundle.js': { contentType: 'text/javascript' },
  'swagger-ui.css': { contentType: 'text/css' },
} as const

export type ReferenceAssetName = keyof typeof referenceAssets
