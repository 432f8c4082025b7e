/**
 * A `Clock` read from a function: how the shell is given time in tests, examples and the Promise
 * facade (`createBuzon({ clock })`), so that no rule depends on today's date.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"

/**
 * A `Clock` whose time is whatever `read()` answers (UTC epoch ms). Sleeps (the command handler's
 * conflict backoff, the scheduler's retry spacing) return at once: time moves only when `read()` says so.
 *
 * Gotchas: for the long-running scheduler loop use Effect's live clock or `TestClock`, whose sleeps wait.
 *
 * @example Effect.runSync(Effect.provideService(Clock.currentTimeMillis, Clock.Clock, clockFrom(() => 1_000))) // => 1_000
 * @since 0.1.0
 */
export const clockFrom = (read: () => number): Clock.Clock => ({
  currentTimeMillisUnsafe: read,
  currentTimeMillis: Effect.sync(read),
  currentTimeNanosUnsafe: () => BigInt(read()) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => BigInt(read()) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => BigInt(read()) * 1_000_000n,
  monotonicTimeNanos: Effect.sync(() => BigInt(read()) * 1_000_000n),
  sleep: () => Effect.void,
})
