import { randomUUID } from 'node:crypto'

/** Ids a caller may choose itself: short and printable, so they are safe in logs and headers. */
const acceptableId = /^[\w.:-]{1,128}$/

/** The caller's `X-Request-Id` when it is acceptable (so a trace can span systems), otherwise a new one. */
export const requestIdFrom = (incoming: string | undefined): string =>
  incoming && acceptableId.test(incoming) ? incoming : randomUUID()
