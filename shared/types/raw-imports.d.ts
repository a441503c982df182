/** Nitro's `raw:` import: a file's text as a string (the API reference page, server/openapi/reference-page.ts). */
declare module 'raw:*' {
  const text: string
  export default text
}
