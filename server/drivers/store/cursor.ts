/** Opaque page cursors shared by every store driver: base64url JSON of the sort key of the last item. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** Undefined for a missing cursor; throws InvalidCursorError for a malformed one. */
export function decodeCursor(cursor: string | undefined, shape: readonly ('string' | 'number')[]): (string | number)[] | undefined {
  if (cursor === undefined || cursor === '') return undefined
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  }
  catch {
    throw new InvalidCursorError()
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((part, i) => typeof part !== shape[i])) {
    throw new InvalidCursorError()
  }
  return key as (string | number)[]
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the page cursor is not valid')
    this.name = 'InvalidCursorError'
  }
}
