/**
 * The embedded event store: one SQLite file (better-sqlite3), WAL with `synchronous=FULL`, one
 * transaction per append or batch. Positions are the table's rowid. Subscriptions wake on this
 * process's own appends at once, and poll for other processes' appends every `pollIntervalMs`.
 *
 * @since 0.1.0
 */
import Database from "better-sqlite3"
import { Clock, Effect, Layer } from "effect"
import {
  EventStore,
  EventStoreUnavailable,
  followAll,
  makeAppendSignal,
  StreamVersionConflict,
} from "@buzon/core"
import type { AppendResult, EventStoreShape, ExpectedVersion, NewEvent, RecordedEvent, StreamAppend } from "@buzon/core"
import { prepareSchema } from "./schema.js"
import type { SqliteFileForeign, SqliteSchemaNewer } from "./schema.js"
import { describeSqliteFailure } from "./sqliteFailure.js"

/** Where the file is and how subscriptions poll. @since 0.1.0 */
export interface SqliteEventStoreOptions {
  /** The database file; created (with its schema) when missing. */
  readonly path: string
  /** How often a subscriber at the head looks for other processes' appends; default 50 ms. */
  readonly pollIntervalMs?: number
  /** How long a writer waits for another connection's write lock; default 5000 ms. */
  readonly busyTimeoutMs?: number
}

/** An open SQLite store: the EventStore, projection checkpoints, and `close`. @since 0.1.0 */
export interface SqliteEventStoreHandle {
  readonly store: EventStoreShape
  /** Remembers how far projection `name` has read (upsert). */
  readonly saveCheckpoint: (name: string, position: number) => Effect.Effect<void, EventStoreUnavailable>
  /** How far projection `name` has read: 0 when it never saved one. */
  readonly loadCheckpoint: (name: string) => Effect.Effect<number, EventStoreUnavailable>
  /** Closes the file; later calls fail with `EventStoreUnavailable`. */
  readonly close: () => void
}

/** A row as `.raw()` reads it, in `COLUMNS` order: no intermediate object per row on the read path. */
type Row = [position: number, stream: string, version: number, type: string, data: string, metadata: string, recordedAt: number]

const toRecorded = (row: Row): RecordedEvent => ({
  streamName: row[1],
  version: row[2],
  position: row[0],
  type: row[3],
  data: JSON.parse(row[4]),
  metadata: JSON.parse(row[5]),
  recordedAt: row[6],
})

/** Thrown inside a transaction to roll it back; caught right outside it. */
class Rollback {
  constructor(readonly conflict: StreamVersionConflict) {}
}

const COLUMNS = "position, stream, version, type, data, metadata, recorded_at"

const prepareStatements = (db: Database.Database) => ({
  version: db.prepare<[string], number>("SELECT coalesce(max(version), 0) FROM events WHERE stream = ?").pluck(),
  positionOf: db.prepare<[string, number], number>("SELECT position FROM events WHERE stream = ? AND version = ?").pluck(),
  insert: db.prepare<[string, number, string, string, string, number]>(
    "INSERT INTO events (stream, version, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
  ),
  readStream: db.prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND version >= ? ORDER BY version`).raw(),
  readAll: db.prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(),
  head: db.prepare<[], number>("SELECT coalesce(max(position), 0) FROM events").pluck(),
  saveCheckpoint: db.prepare<[string, number]>(
    "INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
  ),
  loadCheckpoint: db.prepare<[string], number>("SELECT position FROM checkpoints WHERE name = ?").pluck(),
})

/** Writes a batch inside the caller's transaction; throws `Rollback` on the first conflict. */
const writeBatch = (sql: ReturnType<typeof prepareStatements>, batch: ReadonlyArray<StreamAppend>, now: number) => {
  const versions = new Map<string, number>()
  return batch.map(({ streamName, expectedVersion, events }): AppendResult => {
    const actualVersion = versions.get(streamName) ?? sql.version.get(streamName) ?? 0
    if (expectedVersion !== "any" && expectedVersion !== actualVersion)
      throw new Rollback(new StreamVersionConflict({ streamName, expectedVersion, actualVersion }))
    let version = actualVersion, lastPosition = 0
    for (const { type, data, metadata } of events as ReadonlyArray<NewEvent>) {
      version += 1
      const info = sql.insert.run(streamName, version, type, JSON.stringify(data), JSON.stringify(metadata), now)
      lastPosition = Number(info.lastInsertRowid)
    }
    if (events.length === 0) lastPosition = version === 0 ? 0 : (sql.positionOf.get(streamName, version) ?? 0)
    versions.set(streamName, version)
    return { streamName, nextExpectedVersion: version, lastPosition }
  })
}

/**
 * Opens (creating or migrating) the store in `options.path`. Refuses a foreign or newer file,
 * untouched, with `SqliteFileForeign` / `SqliteSchemaNewer`.
 * @example const handle = Effect.runSync(openSqliteEventStore({ path: "buzon.db" }))
 * @since 0.1.0
 */
export const openSqliteEventStore = (
  options: SqliteEventStoreOptions,
): Effect.Effect<SqliteEventStoreHandle, SqliteFileForeign | SqliteSchemaNewer | EventStoreUnavailable> =>
  Effect.suspend((): Effect.Effect<SqliteEventStoreHandle, SqliteFileForeign | SqliteSchemaNewer | EventStoreUnavailable> => {
    const { path } = options
    const label = `SQLite ${path}`
    const unavailable = (error: unknown) => new EventStoreUnavailable({ store: label, cause: describeSqliteFailure(error) })
    let db: Database.Database
    try {
      db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 })
    } catch (error) {
      return Effect.fail(unavailable(error))
    }
    let refused: SqliteFileForeign | SqliteSchemaNewer | undefined
    try {
      refused = prepareSchema(db, path)
    } catch (error) {
      db.close()
      return Effect.fail(unavailable(error))
    }
    if (refused !== undefined) {
      db.close()
      return Effect.fail(refused)
    }
    return Effect.succeed(makeHandle(db, label, options.pollIntervalMs ?? 50, unavailable))
  })

const makeHandle = (
  db: Database.Database,
  label: string,
  pollIntervalMs: number,
  unavailable: (error: unknown) => EventStoreUnavailable,
): SqliteEventStoreHandle => {
  const sql = prepareStatements(db)
  const signal = makeAppendSignal()
  const attempt = <A>(f: () => A): Effect.Effect<A, EventStoreUnavailable> =>
    Effect.suspend(() => {
      try {
        return Effect.succeed(f())
      } catch (error) {
        return Effect.fail(unavailable(error))
      }
    })
  const appendTransaction = db.transaction(writeBatch)
  const transact = (batch: ReadonlyArray<StreamAppend>, now: number) =>
    Effect.suspend((): Effect.Effect<ReadonlyArray<AppendResult>, StreamVersionConflict | EventStoreUnavailable> => {
      try {
        // IMMEDIATE: take the write lock before reading versions, so two writers cannot both pass the check
        const results = appendTransaction.immediate(sql, batch, now)
        signal.notify()
        return Effect.succeed(results)
      } catch (error) {
        if (error instanceof Rollback) return Effect.fail(error.conflict)
        return Effect.fail(unavailable(error))
      }
    })
  const appendBatch = Effect.fn("SqliteEventStore.appendBatch")(function* (batch: ReadonlyArray<StreamAppend>) {
    return yield* transact(batch, yield* Clock.currentTimeMillis)
  })
  const readAll = Effect.fn("SqliteEventStore.readAll")(function* (options: { readonly after: number; readonly limit?: number }) {
    return yield* attempt(() => sql.readAll.all(options.after, options.limit ?? -1).map(toRecorded))
  })
  const store: EventStoreShape = {
    append: Effect.fn("SqliteEventStore.append")(function* (streamName: string, expectedVersion: ExpectedVersion, events: ReadonlyArray<NewEvent>) {
      const results = yield* transact([{ streamName, expectedVersion, events }], yield* Clock.currentTimeMillis)
      return results[0]!
    }),
    appendBatch,
    readStream: Effect.fn("SqliteEventStore.readStream")(function* (streamName: string, options?: { readonly fromVersion?: number }) {
      return yield* attempt(() => sql.readStream.all(streamName, options?.fromVersion ?? 1).map(toRecorded))
    }),
    readAll,
    subscribeAll: ({ after }) =>
      followAll(
        {
          readAll,
          // a failed head read wakes the stream, whose next read reports the failure as EventStoreUnavailable
          waitForAppend: (position) => signal.wait(() => !db.open || sql.head.get()! > position, pollIntervalMs),
        },
        after,
      ),
  }
  return {
    store,
    saveCheckpoint: (name, position) => attempt(() => void sql.saveCheckpoint.run(name, position)),
    loadCheckpoint: (name) => attempt(() => sql.loadCheckpoint.get(name) ?? 0),
    close: () => {
      if (db.open) db.close()
      signal.notify()
    },
  }
}

/**
 * The SQLite store as layers. `layer` provides `EventStore` and closes the file with the layer's scope.
 * @example Effect.provide(program, SqliteEventStore.layer({ path: "buzon.db" }))
 * @since 0.1.0
 */
export const SqliteEventStore = {
  layer: (
    options: SqliteEventStoreOptions,
  ): Layer.Layer<EventStore, SqliteFileForeign | SqliteSchemaNewer | EventStoreUnavailable> =>
    Layer.effect(
      EventStore,
      Effect.map(
        Effect.acquireRelease(openSqliteEventStore(options), (handle) => Effect.sync(handle.close)),
        (handle) => handle.store,
      ),
    ),
  open: openSqliteEventStore,
} as const
