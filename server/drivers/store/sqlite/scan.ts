import type Database from 'better-sqlite3'
import { scanByKey } from '../paging'

/** A table's unique key: a text id, or the sequence number of an append-only table. */
type ScanKey = 'id' | 'seq'

type KeyedRow<Row> = Row & Record<ScanKey, string | number>

/** Every row of `table` in `key` order, a batch at a time (see scanByKey); `columns` are what else each row reads. */
export function scanTable<Row, Item>(
  db: Database.Database,
  { table, key, columns }: { table: string, key: ScanKey, columns: string },
  batchSize: number,
  toItem: (row: Row) => Item,
): AsyncIterable<Item[]> {
  const select = `SELECT ${key}, ${columns} FROM ${table} WHERE ${key} > ? ORDER BY ${key} LIMIT ?`
  return scanByKey<KeyedRow<Row>, string | number, Item>({
    // Below every id and every sequence number (they start at 1).
    from: key === 'id' ? '' : 0,
    rowsAfter: after => db.prepare(select).all(after, batchSize) as KeyedRow<Row>[],
    keyOf: row => row[key],
    toItem,
  })
}

/** Every record of a table that keeps each one as JSON in its `data` column, a batch at a time. */
export function scanJsonRecords<T>(db: Database.Database, table: string, key: ScanKey, batchSize: number): AsyncIterable<T[]> {
  return scanTable(db, { table, key, columns: 'data' }, batchSize, (row: { data: string }) => JSON.parse(row.data) as T)
}
