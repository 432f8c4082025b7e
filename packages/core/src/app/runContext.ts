/**
 * What each call into the shell runs with besides its services: the clock it reads and the tracer
 * its spans go to. The Promise facade and the HTTP backend provide it to every call, as one context.
 *
 * Every use-case has a span (`Buzon.deposit`), and so has every command (`app.handleCommand`). With a
 * tracer given (an OpenTelemetry one, say) an operator sees each request's use-cases and commands;
 * without one they go to Effect's default tracer, which keeps them in memory for the fiber and hands
 * them to nobody.
 *
 * @since 0.2.0
 */
import { Clock, Context, Tracer } from "effect"

/**
 * What a call runs with.
 * @example const options: RunContextOptions = { clock: clockFrom(() => Date.parse("2026-03-11T16:00:00Z")) }
 * @since 0.2.0
 */
export interface RunContextOptions {
  /** The clock the call reads; Effect's own (the system clock) when absent. */
  readonly clock?: Clock.Clock | undefined
  /** Where the shell's spans go; the caller's tracer (by default Effect's, which exports nothing) when absent. */
  readonly tracer?: Tracer.Tracer | undefined
}

/**
 * The context to provide to each call (`Effect.provideContext`): the clock and the tracer given.
 * @example Effect.provideContext(buzon.deposit(input), runContextOf({ clock: clockFrom(() => now), tracer }))
 * @since 0.2.0
 */
export const runContextOf = (options: RunContextOptions): Context.Context<never> => {
  const withClock = options.clock === undefined ? Context.empty() : Context.make(Clock.Clock, options.clock)
  return options.tracer === undefined ? withClock : Context.add(withClock, Tracer.Tracer, options.tracer)
}
