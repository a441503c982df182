/** A list given in the URL as one value, a comma-separated list or the parameter repeated (`type=a,b`). */
export function queryList(value: unknown): string[] {
  return [value].flat().filter(Boolean).flatMap(part => String(part).split(',')).map(part => part.trim()).filter(Boolean)
}
