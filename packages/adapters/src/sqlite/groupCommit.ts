/**
 * Group commit: appends submitted in the same turn of the event loop share one transaction, so one
 * fsync (`synchronous=FULL`) makes them all durable. better-sqlite3 commits synchronously, holding
 * the event loop, so a write cannot overlap another: the only way to share an fsync is to wait one
 * turn for the appends already on their way (other requests read in the same I/O poll).
 *
 * Each submitter enqueues its request and yields once (`Effect.yieldNow`); the first to resume
 * commits everything queued, and every submitter answers from its own request's outcome. Nobody
 * waits on another fiber, so under `Effect.runSync` (whose scheduler runs the yield at once) an
 * append stays synchronous, a group of one.
 *
 * @since 0.2.0
 */
import { Effect } from "effect"

/**
 * Commits a group of requests in one transaction and answers one outcome per request, in order: a
 * success, a failure of that request alone (a version conflict, rolled back to its savepoint), or
 * the same failure for all when the transaction itself failed (nothing of the group was written).
 * It never throws.
 * @since 0.2.0
 */
export type CommitGroup<Request, A, E> = (group: ReadonlyArray<Request>) => ReadonlyArray<Effect.Effect<A, E>>

/**
 * A queue of requests committed together.
 * @example const append = makeGroupCommit(commitGroup); yield* append.submit({ batch, now })
 * @since 0.2.0
 */
export interface GroupCommit<Request, A, E> {
  /** Answers only after the COMMIT that wrote this request (or with its failure). */
  readonly submit: (request: Request) => Effect.Effect<A, E>
}

interface Entry<Request, A, E> {
  readonly request: Request
  outcome: Effect.Effect<A, E> | undefined
}

/**
 * Makes a group commit over `commit`. Rule: an append is acknowledged only once durable, so an
 * outcome is handed out only after `commit` returned, that is after its COMMIT.
 * @example const group = makeGroupCommit((requests) => requests.map(() => Effect.succeed(1))); Effect.runSync(group.submit("x")) // => 1
 * @since 0.2.0
 */
export const makeGroupCommit = <Request, A, E>(commit: CommitGroup<Request, A, E>): GroupCommit<Request, A, E> => {
  let queue: Array<Entry<Request, A, E>> = []
  const flush = (): void => {
    const group = queue
    queue = []
    const outcomes = commit(group.map((entry) => entry.request))
    group.forEach((entry, i) => (entry.outcome = outcomes[i]))
  }
  return {
    // Uninterruptible: once queued, a request is committed (by this submitter or another of its group)
    // and answered; an interruption takes effect after the answer, as after a synchronous commit.
    submit: (request) =>
      Effect.uninterruptible(
        Effect.suspend(() => {
          const entry: Entry<Request, A, E> = { request, outcome: undefined }
          queue.push(entry)
          return Effect.andThen(
            Effect.yieldNow,
            Effect.suspend(() => {
              if (entry.outcome === undefined) flush() // the first of the group to resume commits it
              return entry.outcome!
            }),
          )
        }),
      ),
  }
}
