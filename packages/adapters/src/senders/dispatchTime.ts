/**
 * The instant a provider accepted a message. A sender reads it from Effect's `Clock` unless the
 * wiring passes its own `now` (the example server's settable development clock), so tests can fix it.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"

/** Where a sender reads "now" (UTC epoch ms): a function given by the wiring, else Effect's `Clock`. @since 0.1.0 */
export const acceptedAtFrom = (now: (() => number) | undefined): Effect.Effect<number> =>
  now === undefined ? Clock.currentTimeMillis : Effect.sync(now)
