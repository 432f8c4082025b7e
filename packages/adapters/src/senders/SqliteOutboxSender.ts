/**
 * The development outbox kept in the store's SQLite file (issue #6), so that `GET /dev/outbox` still
 * lists the verification codes and avisos after the example server restarts. Never wired in production.
 *
 * The messages go to a table of their own, `dev_outbox`, created on demand by this module and never
 * read by the event store: they carry verification codes in clear, and the legal event streams that
 * read models, audits and evidence read must not. The store's schema versioning (`application_id`,
 * `user_version`, its migrations) is left untouched; the table lives beside it.
 *
 * @since 0.2.0
 */
import Database from "better-sqlite3"
import { Data, Effect } from "effect"
import { DispatchFailed } from "@buzon/core"
import type { DispatchReceipt, OutgoingMessage } from "@buzon/core"
import { BUZON_APPLICATION_ID } from "../sqlite/schema.js"
import { describeSqliteFailure } from "../sqlite/sqliteFailure.js"
import { acceptedAtFrom } from "./dispatchTime.js"
import type { OutboxMessage, OutboxSenderShape } from "./OutboxSender.js"

/** Options of the outbox kept in SQLite. @since 0.2.0 */
export interface SqliteOutboxSenderOptions {
  /** The Buzón store's SQLite file, already created by `openSqliteEventStore`. */
  readonly path: string
  /** Keep at most this many messages, deleting the oldest (default 10 000): a long dev session stays bounded. */
  readonly capacity?: number
  /** The clock for `sentAt`; Effect's `Clock` when absent. */
  readonly now?: () => number
  /** How long to wait for the store's writer, in ms (default 5 000). */
  readonly busyTimeoutMs?: number
}

/** The outbox kept in SQLite: an `OutboxSenderShape` that closes its connection. @since 0.2.0 */
export interface SqliteOutboxSenderShape extends OutboxSenderShape {
  readonly close: () => void
}

/** The outbox's file cannot be used: it is missing, unreadable, or not a Buzón store; it was left untouched. @since 0.2.0 */
export class OutboxFileUnavailable extends Data.TaggedError("OutboxFileUnavailable")<{
  readonly path: string
  readonly reason: string
}> {
  override get message() {
    return `The development outbox cannot be kept in ${this.path}: ${this.reason}`
  }
}

// The row is the storage format of a development aid: no migrations, but keep the columns readable by older code.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS dev_outbox (
  seq             INTEGER PRIMARY KEY,
  channel         TEXT    NOT NULL,
  recipient       TEXT    NOT NULL,
  subject         TEXT    NOT NULL,
  body            TEXT    NOT NULL,
  purpose         TEXT    NOT NULL,
  notification_id TEXT,
  sent_at         INTEGER NOT NULL
) STRICT`

interface OutboxRow {
  readonly seq: number
  readonly channel: OutboxMessage["channel"]
  readonly recipient: string
  readonly subject: string
  readonly body: string
  readonly purpose: OutboxMessage["purpose"]
  readonly notification_id: string | null
  readonly sent_at: number
}

const toMessage = (row: OutboxRow): OutboxMessage => ({
  providerId: `outbox-${row.seq}`, channel: row.channel, to: row.recipient, subject: row.subject, body: row.body, purpose: row.purpose,
  ...(row.notification_id === null ? {} : { notificationId: row.notification_id }), sentAt: row.sent_at,
})

/** Opens the file and creates the table; refuses a file that is not already a Buzón store (a new file would then be refused by the store). */
const openTable = (options: SqliteOutboxSenderOptions): Database.Database | OutboxFileUnavailable => {
  const { path } = options
  let db: Database.Database
  try {
    db = new Database(path, { fileMustExist: true, timeout: options.busyTimeoutMs ?? 5000 })
  } catch (error) {
    return new OutboxFileUnavailable({ path, reason: describeSqliteFailure(error) })
  }
  try {
    const applicationId = Number(db.pragma("application_id", { simple: true }))
    if (applicationId !== BUZON_APPLICATION_ID) {
      db.close()
      return new OutboxFileUnavailable({ path, reason: "it is not a Buzón store (open the store with openSqliteEventStore first)" })
    }
    db.exec(CREATE_TABLE)
    return db
  } catch (error) {
    db.close()
    return new OutboxFileUnavailable({ path, reason: describeSqliteFailure(error) })
  }
}

/**
 * Opens the outbox in the store's SQLite file (after `openSqliteEventStore` has created it). Every
 * message is accepted unless the file refuses the write (a retryable `DispatchFailed`); its
 * `providerId` is `outbox-<n>`, `n` growing across restarts. `messages()` lists the kept ones, oldest first.
 * @example
 * const outbox = await Effect.runPromise(openSqliteOutboxSender({ path: "data/buzon.db", now: () => 1764504000000 }))
 * await Effect.runPromise(outbox.send({ channel: "email", to: "a@b.mx", subject: "Código", body: "123456", purpose: "verification-code" }))
 * outbox.messages() // => [{ providerId: "outbox-1", channel: "email", to: "a@b.mx", subject: "Código", body: "123456", purpose: "verification-code", sentAt: 1764504000000 }]
 * outbox.close()
 * @since 0.2.0
 */
export const openSqliteOutboxSender = (options: SqliteOutboxSenderOptions): Effect.Effect<SqliteOutboxSenderShape, OutboxFileUnavailable> =>
  Effect.suspend(() => {
    const capacity = options.capacity ?? 10_000
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      return Effect.fail(new OutboxFileUnavailable({ path: options.path, reason: `the capacity must be a positive integer, not ${capacity}` }))
    const db = openTable(options)
    if (db instanceof OutboxFileUnavailable) return Effect.fail(db)
    const insert = db.prepare<[string, string, string, string, string, string | null, number]>(
      "INSERT INTO dev_outbox (channel, recipient, subject, body, purpose, notification_id, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    // The newest row is never deleted, so `seq` (the rowid) only grows: provider ids stay unique across restarts.
    const trim = db.prepare<[number]>("DELETE FROM dev_outbox WHERE seq <= ?")
    const list = db.prepare<[], OutboxRow>("SELECT * FROM dev_outbox ORDER BY seq")
    const keep = db.transaction((message: OutgoingMessage, sentAt: number): number => {
      const seq = Number(insert.run(message.channel, message.to, message.subject, message.body, message.purpose, message.notificationId ?? null, sentAt).lastInsertRowid)
      trim.run(seq - capacity)
      return seq
    })
    const send = (message: OutgoingMessage): Effect.Effect<DispatchReceipt, DispatchFailed> =>
      Effect.flatMap(acceptedAtFrom(options.now), (sentAt) => {
        try {
          return Effect.succeed({ providerId: `outbox-${keep(message, sentAt)}`, acceptedAt: sentAt })
        } catch (error) {
          return Effect.fail(new DispatchFailed({ channel: message.channel, to: message.to, reason: `the outbox could not keep it: ${describeSqliteFailure(error)}`, retryable: true }))
        }
      })
    return Effect.succeed({ send, messages: () => list.all().map(toMessage), close: () => db.close() })
  })
