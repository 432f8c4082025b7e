/**
 * How the store appends: each append a transaction that checks every stream's expected version
 * (per-stream optimistic concurrency, a batch all or nothing: `writeGroup.js`), appends submitted
 * together committed as one group (`groupCommit.ts`), and nobody answered before the group is
 * durable. Two ways to get there, both surviving power loss (`SqliteDurability`):
 * - `"full"`: `synchronous=FULL`, the COMMIT itself syncs the WAL;
 * - `"grouped"`: `synchronous=NORMAL`, then a WAL fsync begun after the group's COMMIT, run off the
 *   event loop and shared by every group committed meanwhile (`walSync.ts`).
 * And two places the COMMIT runs (`SqliteWriter`): on the event loop, or, under `"full"`, in a writer
 * thread with its own connection (`writerThread.ts`), the loop serving other requests meanwhile.
 *
 * What a reader of this connection sees: nothing before it is durable. `onDurable` moves the store's
 * head only once the group's fsync has finished, and the store bounds every read by that head (a stream's
 * read leaves out the positions committed but not yet durable, which `onCommitted` reports), so a
 * read model, a subscriber or the scheduler never acts on an event a power loss could still take
 * back (an aviso sent for a deposit that was never durable). A command that loads a stream while an
 * append to it is in flight sees the version before it; its own append then conflicts and is retried
 * by the command handler once the first is durable. Another connection (another process, or the
 * writer thread) shows a group to this one from its COMMIT, which under "full" is after its fsync;
 * under "grouped", SQLite gives another process no such bound: run one writer process per file (the
 * example server does).
 *
 * @since 0.2.0
 */
import type Database from "better-sqlite3"
import { Effect } from "effect"
import { StreamVersionConflict } from "@buzon/core"
import type { AppendResult, EventStoreUnavailable, StreamAppend } from "@buzon/core"
import { makeGroupCommit } from "./groupCommit.js"
import { makeWalSync } from "./walSync.js"
import { makeWriteGroup } from "./writeGroup.js"
import type { WriteOutcome, WriteRequest } from "./writeGroup.js"
import { startWriterThread } from "./writerThread.js"
import type { ThreadReply } from "./writerThread.js"

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

/**
 * Where the COMMIT runs.
 * - `"event-loop"` (the default): on the caller's thread. An append under `Effect.runSync` stays
 *   synchronous; the COMMIT (with its fsync under `"full"`) and the WAL checkpoints hold the loop.
 * - `"thread"`: in a writer thread with its own connection (`writerThread.ts`), with `"full"`
 *   durability only. The loop goes on serving while a group commits and syncs; groups sent meanwhile
 *   share the next COMMIT. Appends are asynchronous; not for `:memory:`.
 * @since 0.2.0
 */
export type SqliteWriter = "event-loop" | "thread"

/** One append waiting for its group's transaction: its parts and the instant it was submitted. */
interface AppendRequest {
  readonly batch: ReadonlyArray<StreamAppend>
  readonly now: number
}

/** The request as the writer takes it: data and metadata as JSON text (what crosses to the writer thread is strings). */
const toWrite = ({ batch, now }: AppendRequest): WriteRequest => ({
  now,
  batch: batch.map(({ streamName, expectedVersion, events }) => ({
    streamName, expectedVersion,
    events: events.map(({ type, data, metadata }) => ({ type, data: JSON.stringify(data), metadata: JSON.stringify(metadata) })),
  })),
})

type Outcome = Effect.Effect<ReadonlyArray<AppendResult>, StreamVersionConflict | EventStoreUnavailable>

/**
 * The append side of one connection.
 * @example const appends = makeAppends(db, { durability: "full", writer: "event-loop", unavailable, onCommitted, onDurable }); yield* appends.append({ batch, now })
 * @since 0.2.0
 */
export interface Appends {
  /** Appends `batch` at `now` (its `recordedAt`); answers once durable. */
  readonly append: (request: AppendRequest) => Outcome
  /** Completes once the connection's commits so far are durable (one WAL fsync begun after the call). */
  readonly durable: () => Effect.Effect<void, EventStoreUnavailable>
  /** Releases the WAL file descriptor or stops the writer thread (after the connection closes). */
  readonly close: () => void
}

/**
 * Makes the append side of `db`. `onDurable` hears the last position of every group that wrote
 * something, once it is durable (before any of its callers is answered). Rule: an acknowledged
 * append survives power loss (ARCHITECTURE, "Durability").
 * @example makeAppends(db, { durability: "full", writer: "event-loop", unavailable, onCommitted: () => {}, onDurable: () => signal.notify() })
 * @since 0.2.0
 */
export const makeAppends = (
  db: Database.Database,
  options: {
    readonly durability: SqliteDurability
    readonly writer: SqliteWriter
    /** How long the writer thread's connection waits for another's write lock. */
    readonly busyTimeoutMs: number
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
  if (options.writer === "thread") return threadAppends(db, options)
  const wal = grouped && !db.memory ? makeWalSync(`${db.name}-wal`) : undefined
  const durablePoint = (): Effect.Effect<void, EventStoreUnavailable> =>
    wal === undefined ? Effect.void : Effect.mapError(wal.point(), options.unavailable)
  const write = makeWriteGroup(db)
  const group = makeGroupCommit((requests: ReadonlyArray<AppendRequest>): ReadonlyArray<Outcome> => {
    let outcomes: ReadonlyArray<WriteOutcome>
    try {
      outcomes = write(requests.map(toWrite))
    } catch (error) {
      const failure: Outcome = Effect.fail(options.unavailable(error))
      return requests.map(() => failure)
    }
    const lastPosition = lastPositionOf(outcomes)
    if (lastPosition > 0) options.onCommitted(lastPosition)
    const synced = durablePoint()
    // Visible to this connection's readers only once durable: every member of the group runs this, idempotently.
    const durable = lastPosition > 0 ? Effect.tap(synced, () => Effect.sync(() => options.onDurable(lastPosition))) : synced
    return outcomes.map((outcome): Outcome => "conflict" in outcome ? Effect.fail(new StreamVersionConflict(outcome.conflict)) : Effect.as(durable, outcome.written))
  })
  return { append: group.submit, durable: () => Effect.suspend(durablePoint), close: () => wal?.close() }
}

const lastPositionOf = (outcomes: ReadonlyArray<WriteOutcome>): number => {
  let lastPosition = 0
  for (const outcome of outcomes)
    if ("written" in outcome) for (const result of outcome.written) lastPosition = Math.max(lastPosition, result.lastPosition)
  return lastPosition
}

/**
 * The appends of a store whose COMMITs run in the writer thread: the groups of a turn go there as one
 * message, and each caller is answered from the thread's reply, after that COMMIT (synchronous=FULL
 * there) returned. This connection commits only projection checkpoints, so it leaves the WAL
 * checkpoints to the thread (`wal_autocheckpoint = 0` here).
 */
const threadAppends = (
  db: Database.Database,
  options: Parameters<typeof makeAppends>[1],
): Appends => {
  db.pragma("wal_autocheckpoint = 0")
  const thread = startWriterThread({ path: db.name, busyTimeoutMs: options.busyTimeoutMs })
  const answer = (reply: ThreadReply, index: number): Outcome => {
    if ("failure" in reply) return Effect.fail(options.unavailable(reply.failure))
    const outcome = reply.outcomes[index]!
    return "conflict" in outcome ? Effect.fail(new StreamVersionConflict(outcome.conflict)) : Effect.succeed(outcome.written)
  }
  const group = makeGroupCommit((requests: ReadonlyArray<AppendRequest>): ReadonlyArray<Outcome> => {
    // One reply for the group, heard once: committed and durable at the same moment (FULL in the thread).
    const reply = thread.write(requests.map(toWrite)).then((reply) => {
      const lastPosition = "outcomes" in reply ? lastPositionOf(reply.outcomes) : 0
      if (lastPosition > 0) {
        options.onCommitted(lastPosition)
        options.onDurable(lastPosition)
      }
      return reply
    })
    return requests.map((_, index) => Effect.flatMap(Effect.promise(() => reply), (reply) => answer(reply, index)))
  })
  return { append: group.submit, durable: () => Effect.void, close: thread.close }
}
