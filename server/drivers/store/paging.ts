/** Paging helpers shared by every store driver: they know nothing of how rows are read. */

/** The found items in the order of `ids`: an id asked twice gives its item twice, a missing one nothing. */
export function inOrderOf<T>(ids: readonly string[], found: readonly T[], idOf: (item: T) => string): T[] {
  const byId = new Map(found.map(item => [idOf(item), item]))
  return ids.flatMap(id => byId.get(id) ?? [])
}

/** How to read a table or collection in the order of a unique key, a batch at a time. */
export interface KeyedScan<Row, Key, Item> {
  /** The key before the first row. */
  from: Key
  /** Up to one batch of the rows whose keys follow `after`, in key order. */
  rowsAfter(after: Key): Row[] | Promise<Row[]>
  keyOf(row: Row): Key
  toItem(row: Row): Item
}

/**
 * Every row, a batch at a time. Each batch is its own short read after the last key seen rather than one
 * long cursor, so a slow consumer holds nothing open.
 */
export async function* scanByKey<Row, Key, Item>({ from, rowsAfter, keyOf, toItem }: KeyedScan<Row, Key, Item>): AsyncGenerator<Item[]> {
  let after = from
  for (;;) {
    const rows = await rowsAfter(after)
    if (rows.length === 0) return
    after = keyOf(rows.at(-1)!)
    yield rows.map(toItem)
  }
}
