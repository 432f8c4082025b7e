/**
 * The embedded event store: one SQLite file (better-sqlite3) in WAL. Appends submitted in the same
 * turn of the event loop share one transaction, each in its own savepoint (a conflict fails only
 * that append), and every caller is answered only once the group is durable: by default the COMMIT
 * syncs the WAL itself (`synchronous=FULL`); with `durability: "grouped"` a WAL fsync begun after the
 * COMMIT, run off the event loop and shared by every group committed meanwhile (`appends.ts`).
 * Positions are the table's rowid.
 *
 * The store knows the head (the last position) without a query: its own appends move it once they
 * are durable, and `PRAGMA data_version`, which changes when another connection commits, says when to
 * read it again. `readAll` is bounded by that head, and `readStream` leaves out this process's own
 * appends committed but not yet durable (no head query on the command path's read), so this process
 * never reads an append of its own before it is durable. `readAll` after the head answers `[]` without
 * touching the table, which makes a read model's catch-up before each query cheap, and still sees every
 * other process's commit at once.
 * Subscriptions wake on this process's own appends at once, and poll for other processes' appends
 * every `pollIntervalMs`.
 *
 * @since 0.1.0
 */
import Database from "better-sqlite3"
import { Clock, Effect, Layer } from "effect"
import { EventStore, EventStoreUnavailable, followAll, makeAppendSignal } from "@buzon/core"
import type { EventStoreShape, ExpectedVersion, NewEvent, StreamAppend } from "@buzon/core"
import { prepareSchema } from "./schema.js"
import type { SqliteFileForeign, SqliteSchemaNewer } from "./schema.js"
import { describeSqliteFailure } from "./sqliteFailure.js"
import { makeAppends } from "./appends.js"
import type { SqliteDurability, SqliteWriter } from "./appends.js"
import { prepareStatements, toRecorded } from "./statements.js"

/** Where the file is, how appends become durable, and how subscriptions poll. @since 0.1.0 */
export interface SqliteEventStoreOptions {
  /** The database file; created (with its schema) when missing. */
  readonly path: string
  /**
   * How an append is made durable before it is acknowledged (both survive power loss): `"full"`
   * (default; the COMMIT syncs, for one writer at a time) or `"grouped"` (one fsync off the event
   * loop shared by concurrent appends, for a server). See `SqliteDurability`.
   */
  readonly durability?: SqliteDurability
  /**
   * Where the COMMIT runs: `"event-loop"` (default; an append can run under `Effect.runSync`) or
   * `"thread"` (a writer thread: the COMMIT, its fsync and the WAL checkpoints never hold the event
   * loop; for a server). `"thread"` takes `durability: "full"` and a file. See `SqliteWriter`.
   */
  readonly writer?: SqliteWriter
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
    const writer = options.writer ?? "event-loop"
    const durability = options.durability ?? "full"
    // The writer thread syncs in its COMMIT (FULL) and needs a file both connections can open.
    if (writer === "thread" && durability !== "full")
      return Effect.fail(new EventStoreUnavailable({ store: label, cause: `writer "thread" commits with durability "full" only, not "${durability}"` }))
    if (writer === "thread" && (path === ":memory:" || path === ""))
      return Effect.fail(new EventStoreUnavailable({ store: label, cause: 'writer "thread" needs a database file: an in-memory database belongs to one connection' }))
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
    try {
      return Effect.succeed(makeHandle(db, label, { durability, writer, busyTimeoutMs: options.busyTimeoutMs ?? 5000 }, options.pollIntervalMs ?? 50, unavailable))
    } catch (error) {
      db.close()
      return Effect.fail(unavailable(error))
    }
  })

const makeHandle = (
  db: Database.Database,
  label: string,
  writing: { readonly durability: SqliteDurability; readonly writer: SqliteWriter; readonly busyTimeoutMs: number },
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
  // The head as this connection knows it: moved by its own commits, read again when another
  // connection committed (data_version changed). -1: never read.
  let knownHead = 0
  let seenDataVersion = -1
  const head = (): number => {
    const dataVersion = sql.dataVersion.get()!
    if (dataVersion !== seenDataVersion) {
      seenDataVersion = dataVersion // read before the head: a commit in between only makes the next call read again
      knownHead = Math.max(knownHead, sql.head.get()!)
    }
    return knownHead
  }
  // This connection's own appends: the last position committed and the last made durable. A stream
  // read leaves out the positions between the two, which a power loss could still take back.
  let committedHead = 0
  let durableHead = 0
  const appends = makeAppends(db, {
    ...writing,
    unavailable,
    onCommitted: (lastPosition) => {
      committedHead = Math.max(committedHead, lastPosition)
    },
    onDurable: (lastPosition) => {
      durableHead = Math.max(durableHead, lastPosition)
      knownHead = Math.max(knownHead, lastPosition)
      signal.notify()
    },
  })
  // Plain Effects rather than Effect.fn, like the memory store: a traced span costs more than the
  // statement it wraps (the command path has its own span, app.handleCommand).
  const appendBatch = (batch: ReadonlyArray<StreamAppend>) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => appends.append({ batch, now }))
  const readAll = (options: { readonly after: number; readonly limit?: number }) =>
    attempt(() => {
      const bound = head()
      return options.after >= bound ? [] : sql.readAll.all(options.after, bound, options.limit ?? -1).map(toRecorded)
    })
  const store: EventStoreShape = {
    append: (streamName: string, expectedVersion: ExpectedVersion, events: ReadonlyArray<NewEvent>) =>
      Effect.map(appendBatch([{ streamName, expectedVersion, events }]), (results) => results[0]!),
    appendBatch,
    readStream: (streamName: string, options?: { readonly fromVersion?: number }) =>
      attempt(() => sql.readStream.all(streamName, options?.fromVersion ?? 1, durableHead, committedHead).map(toRecorded)),
    readAll,
    subscribeAll: ({ after }) =>
      followAll(
        {
          readAll,
          // a failed head read wakes the stream, whose next read reports the failure as EventStoreUnavailable
          waitForAppend: (position) => signal.wait(() => !db.open || head() > position, pollIntervalMs),
        },
        after,
      ),
  }
  return {
    store,
    // durable on return, like an append (under "grouped" the connection's COMMITs do not sync the WAL themselves)
    saveCheckpoint: (name, position) => Effect.andThen(attempt(() => void sql.saveCheckpoint.run(name, position)), appends.durable()),
    loadCheckpoint: (name) => attempt(() => sql.loadCheckpoint.get(name) ?? 0),
    close: () => {
      if (db.open) db.close()
      appends.close()
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
