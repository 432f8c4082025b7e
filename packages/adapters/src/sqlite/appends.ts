/**
 * How the store appends: each append a transaction that checks every stream's expected version
 * (per-stream optimistic concurrency, a batch all or nothing), appends submitted together committed
 * as one group (`groupCommit.ts`), and nobody answered before the group is durable. Two ways to get
 * there, both surviving power loss (`SqliteDurability`):
 * - `"full"`: `synchronous=FULL`, the COMMIT itself syncs the WAL, on the event loop;
 * - `"grouped"`: `synchronous=NORMAL`, then a WAL fsync begun after the group's COMMIT, run off the
 *   event loop and shared by every group committed meanwhile (`walSync.ts`).
 *
 * What a reader of this connection sees: nothing before it is durable. `onDurable` moves the store's
 * head only once the group's fsync has finished, and the store bounds every read by that head (a stream's
 * read leaves out the positions committed but not yet durable, which `onCommitted` reports), so a
 * read model, a subscriber or the scheduler never acts on an event a power loss could still take
 * back (an aviso sent for a deposit that was never durable). A command that loads a stream while an
 * append to it is in flight sees the version before it; its own append then conflicts and is retried
 * by the command handler once the first is durable. Another process's connection sees a group from
 * its COMMIT (SQLite gives it no other bound): run one writer process per file (the example server does).
 *
 * @since 0.2.0
 */
import type Database from "better-sqlite3"
import { Effect } from "effect"
import { StreamVersionConflict } from "@buzon/core"
import type { AppendResult, EventStoreUnavailable, NewEvent, StreamAppend } from "@buzon/core"
import { makeGroupCommit } from "./groupCommit.js"
import type { Statements } from "./statements.js"
import { makeWalSync } from "./walSync.js"

/** Thrown inside a transaction to roll it back; caught right outside it. */
class Rollback {
  constructor(readonly conflict: StreamVersionConflict) {}
}

/** Writes a batch inside the caller's transaction; throws `Rollback` on the first conflict. */
const writeBatch = (sql: Statements, batch: ReadonlyArray<StreamAppend>, now: number) => {
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
 * How an append becomes durable before it is acknowledged; both survive power loss.
 * - `"full"` (the default): `synchronous=FULL`: the COMMIT syncs the WAL before it returns, holding
 *   the event loop meanwhile. The fastest for one writer at a time (a library call, the CLI, a batch).
 * - `"grouped"`: `synchronous=NORMAL` plus one WAL fsync in libuv's thread pool, shared by every group
 *   committed while it runs: the loop keeps serving during the disk's sync, so many concurrent
 *   appends (a server) share fsyncs; a lone append pays the thread pool's wake-up.
 * @since 0.2.0
 */
export type SqliteDurability = "full" | "grouped"

/** One append waiting for its group's transaction: its parts and the instant it was submitted. */
interface AppendRequest {
  readonly batch: ReadonlyArray<StreamAppend>
  readonly now: number
}

type Outcome = Effect.Effect<ReadonlyArray<AppendResult>, StreamVersionConflict | EventStoreUnavailable>

/**
 * The append side of one connection.
 * @example const appends = makeAppends(db, sql, { unavailable, onDurable }); yield* appends.append({ batch, now })
 * @since 0.2.0
 */
export interface Appends {
  /** Appends `batch` at `now` (its `recordedAt`); answers once durable. */
  readonly append: (request: AppendRequest) => Outcome
  /** Completes once the connection's commits so far are durable (one WAL fsync begun after the call). */
  readonly durable: () => Effect.Effect<void, EventStoreUnavailable>
  /** Releases the WAL file descriptor (after the connection closes). */
  readonly close: () => void
}

/**
 * Makes the append side of `db`. `onDurable` hears the last position of every group that wrote
 * something, once its WAL fsync has finished (before any of its callers is answered). Rule: an acknowledged append survives power loss (ARCHITECTURE, "Durability").
 * @example makeAppends(db, prepareStatements(db), { unavailable, onDurable: (position) => signal.notify() })
 * @since 0.2.0
 */
export const makeAppends = (
  db: Database.Database,
  sql: Statements,
  options: {
    readonly durability: SqliteDurability
    readonly unavailable: (error: unknown) => EventStoreUnavailable
    /** Hears the last position of every group that wrote something, right after its COMMIT. */
    readonly onCommitted: (lastPosition: number) => void
    /** Hears the same position once the group is durable: at once under "full", after the fsync under "grouped". */
    readonly onDurable: (lastPosition: number) => void
  },
): Appends => {
  // "full": the COMMIT syncs the WAL itself. "grouped": the COMMIT writes the WAL without syncing it,
  // and walSync syncs it before anyone is answered (see walSync.ts).
  const grouped = options.durability === "grouped"
  db.pragma(grouped ? "synchronous = NORMAL" : "synchronous = FULL")
  const wal = grouped && !db.memory ? makeWalSync(`${db.name}-wal`) : undefined
  const durablePoint = (): Effect.Effect<void, EventStoreUnavailable> =>
    wal === undefined ? Effect.void : Effect.mapError(wal.point(), options.unavailable)
  // Each append of a group in its own savepoint (a nested better-sqlite3 transaction): a conflict
  // rolls back that append alone. IMMEDIATE: the write lock is taken before any version is read,
  // so two writers cannot both pass the check.
  const appendInGroup = db.transaction(writeBatch)
  // A group of one needs no savepoint: its conflict rolls back the whole transaction, which holds nothing else.
  const aloneTransaction = db.transaction(writeBatch)
  const commitAlone = ({ batch, now }: AppendRequest): ReadonlyArray<ReadonlyArray<AppendResult> | StreamVersionConflict> => {
    try {
      return [aloneTransaction.immediate(sql, batch, now)]
    } catch (error) {
      if (error instanceof Rollback) return [error.conflict]
      throw error
    }
  }
  const groupTransaction = db.transaction((group: ReadonlyArray<AppendRequest>) =>
    group.map(({ batch, now }) => {
      try {
        return appendInGroup(sql, batch, now)
      } catch (error) {
        if (error instanceof Rollback) return error.conflict
        throw error // anything else rolls back the whole group: nobody is acknowledged
      }
    }),
  )
  const group = makeGroupCommit((requests: ReadonlyArray<AppendRequest>): ReadonlyArray<Outcome> => {
    let outcomes: ReadonlyArray<ReadonlyArray<AppendResult> | StreamVersionConflict>
    try {
      outcomes = requests.length === 1 ? commitAlone(requests[0]!) : groupTransaction.immediate(requests)
    } catch (error) {
      const failure: Outcome = Effect.fail(options.unavailable(error))
      return requests.map(() => failure)
    }
    let lastPosition = 0
    for (const outcome of outcomes)
      if (!(outcome instanceof StreamVersionConflict)) for (const result of outcome) lastPosition = Math.max(lastPosition, result.lastPosition)
    if (lastPosition > 0) options.onCommitted(lastPosition)
    const synced = durablePoint()
    // Visible to this connection's readers only once durable: every member of the group runs this, idempotently.
    const durable = lastPosition > 0 ? Effect.tap(synced, () => Effect.sync(() => options.onDurable(lastPosition))) : synced
    return outcomes.map((outcome): Outcome => (outcome instanceof StreamVersionConflict ? Effect.fail(outcome) : Effect.as(durable, outcome)))
  })
  return { append: group.submit, durable: () => Effect.suspend(durablePoint), close: () => wal?.close() }
}
