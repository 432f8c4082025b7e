/**
 * One way to subscribe to the whole store, shared by every store that can read `$all` in pages:
 * catch up from a position, then wait for a sign that something new may be there, and read again.
 *
 * @since 0.1.0
 */
import { Effect, Option, Stream } from "effect"
import type { EventStoreUnavailable } from "./errors.js"
import type { RecordedEvent } from "./EventStore.js"

/** How many events one catch-up read asks for: bounds memory while a subscriber is far behind. */
const PAGE_SIZE = 512

/** What `followAll` needs from a store. @since 0.1.0 */
export interface FollowSource {
  /** Events with a position greater than `after`, in position order, at most `limit`. */
  readonly readAll: (options: {
    readonly after: number
    readonly limit: number
  }) => Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreUnavailable>
  /**
   * Completes when the store may hold events after `after` (a wake-up may be spurious: the stream
   * simply reads again). Memory and SQLite complete it on their own appends; SQLite also on a poll
   * timer, for appends made by other processes.
   */
  readonly waitForAppend: (after: number) => Effect.Effect<void>
}

/**
 * Catches up from `after` in pages of 512, then follows new appends, in position order, forever
 * (interrupt the consuming fiber to stop). Rule: the port's `subscribeAll` contract.
 * @example Stream.runForEach(followAll(source, 0), (event) => Effect.log(event.position))
 * @since 0.1.0
 */
export const followAll = (
  source: FollowSource,
  after: number,
): Stream.Stream<RecordedEvent, EventStoreUnavailable> =>
  Stream.paginate(after, (position: number) =>
    Effect.flatMap(source.readAll({ after: position, limit: PAGE_SIZE }), (page) => {
      const last = page[page.length - 1]
      if (last !== undefined) return Effect.succeed([page, Option.some(last.position)] as const)
      return Effect.as(source.waitForAppend(position), [page, Option.some(position)] as const)
    }),
  )

/**
 * A set of waiters woken by the store's own appends: the in-process half of `waitForAppend`.
 * @example const signal = makeAppendSignal(); signal.wait(() => lastPosition > after); signal.notify()
 * @since 0.1.0
 */
export interface AppendSignal {
  /** Completes at once if `ready()` holds, else at the next `notify()` or after `timeoutMs`. */
  readonly wait: (ready: () => boolean, timeoutMs?: number) => Effect.Effect<void>
  /** Wakes every waiter. */
  readonly notify: () => void
}

/**
 * Makes an `AppendSignal`. The timeout is a plain timer (not the Effect clock) on purpose: it
 * stands for another process's appends, which a `TestClock` cannot move.
 * @example const signal = makeAppendSignal()
 * @since 0.1.0
 */
export const makeAppendSignal = (): AppendSignal => {
  const waiters = new Set<() => void>()
  return {
    wait: (ready, timeoutMs) =>
      Effect.callback<void>((resume) => {
        if (ready()) return resume(Effect.void)
        const wake = () => {
          waiters.delete(wake)
          if (timer !== undefined) clearTimeout(timer)
          resume(Effect.void)
        }
        const timer = timeoutMs === undefined ? undefined : setTimeout(wake, timeoutMs)
        waiters.add(wake)
        return Effect.sync(() => {
          waiters.delete(wake)
          if (timer !== undefined) clearTimeout(timer)
        })
      }),
    notify: () => {
      for (const wake of [...waiters]) wake()
    },
  }
}
