/**
 * A `Clock` read from a function: how the shell is given time in tests, examples and the Promise
 * facade (`createBuzon({ clock })`), so that no rule depends on today's date.
 *
 * @since 0.1.0
 */
import { Clock, Duration, Effect } from "effect"

/**
 * A `Clock` whose time is whatever `read()` answers (UTC epoch ms). By default sleeps (the command
 * handler's conflict backoff) return at once: time moves only when `read()` says so. With
 * `{ sleeps: "real" }` they wait on the host's timers, which a long-running loop needs.
 *
 * Gotchas: the scheduler loop under an instant-sleep clock would spin; the facade gives it real sleeps.
 *
 * @example Effect.runSync(Effect.provideService(Clock.currentTimeMillis, Clock.Clock, clockFrom(() => 1_000))) // => 1_000
 * @since 0.1.0
 */
export const clockFrom = (read: () => number, options: { readonly sleeps?: "instant" | "real" } = {}): Clock.Clock => ({
  currentTimeMillisUnsafe: read,
  currentTimeMillis: Effect.sync(read),
  currentTimeNanosUnsafe: () => BigInt(read()) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => BigInt(read()) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => BigInt(read()) * 1_000_000n,
  monotonicTimeNanos: Effect.sync(() => BigInt(read()) * 1_000_000n),
  sleep:
    options.sleeps === "real"
      ? (duration) => Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, Duration.toMillis(duration))))
      : () => Effect.void,
})
