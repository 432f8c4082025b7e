/**
 * The store's reads, prepared once per connection, and how a row becomes a `RecordedEvent` (the
 * writes are `writeGroup.js`'s).
 *
 * @since 0.2.0
 */
import Database from "better-sqlite3"
import type { RecordedEvent } from "@buzon/core"

/** A row as `.raw()` reads it, in `COLUMNS` order: no intermediate object per row on the read path. @since 0.2.0 */
export type Row = [position: number, stream: string, version: number, type: string, data: string, metadata: string, recordedAt: number]

/**
 * A row read with `.raw()` as the event it records.
 * @example toRecorded([1, "mailbox-EKU9003173C9", 1, "MailboxOpened", "{}", "{}", 0]).position // => 1
 * @since 0.2.0
 */
export const toRecorded = (row: Row): RecordedEvent => ({
  streamName: row[1],
  version: row[2],
  position: row[0],
  type: row[3],
  data: JSON.parse(row[4]),
  metadata: JSON.parse(row[5]),
  recordedAt: row[6],
})

const COLUMNS = "position, stream, version, type, data, metadata, recorded_at"

/**
 * Prepares every statement the store reads with (and its projection checkpoints) on `db`.
 * @example const sql = prepareStatements(db); sql.head.get() // => the last position, 0 when empty
 * @since 0.2.0
 */
export const prepareStatements = (db: Database.Database): Statements => ({
  // A stream's read leaves out this connection's own appends not yet durable, the positions in
  // (durable head, last committed] (`NOT (position > ? AND position <= ?)`), and needs no head query:
  // another connection's commit is visible at once.
  readStream: db.prepare<[string, number, number, number], Row>(
    `SELECT ${COLUMNS} FROM events WHERE stream = ? AND version >= ? AND NOT (position > ? AND position <= ?) ORDER BY version`,
  ).raw(),
  // The other reads are bounded by the store's head (`position <= ?`): what this connection knows to be durable.
  readAll: db.prepare<[number, number, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`).raw(),
  head: db.prepare<[], number>("SELECT coalesce(max(position), 0) FROM events").pluck(),
  // changes when another connection commits (never for this connection's own commits)
  dataVersion: db.prepare<[], number>("PRAGMA data_version").pluck(),
  saveCheckpoint: db.prepare<[string, number]>(
    "INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
  ),
  loadCheckpoint: db.prepare<[string], number>("SELECT position FROM checkpoints WHERE name = ?").pluck(),
})

/** The prepared statements of one connection (see `prepareStatements` for their SQL). @since 0.2.0 */
export interface Statements {
  readonly readStream: Database.Statement<[string, number, number, number], Row>
  readonly readAll: Database.Statement<[number, number, number], Row>
  readonly head: Database.Statement<[], number>
  readonly dataVersion: Database.Statement<[], number>
  readonly saveCheckpoint: Database.Statement<[string, number]>
  readonly loadCheckpoint: Database.Statement<[string], number>
}
