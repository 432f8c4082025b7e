/**
 * How a use-case is defined: a generator function run as an Effect, in a span named after it
 * (`Buzon.deposit`), as `Effect.fn(name)` would make it, without the stack trace `Effect.fn` captures
 * on every call (a `new Error()` per command, on the path every deposit takes; the span's name
 * already says where it comes from).
 *
 * @since 0.2.0
 */
import { Effect } from "effect"

/**
 * The span of a use-case, with no captured stack trace: a pipeable for `Effect.fnUntraced`.
 * @example export const deposit = Effect.fnUntraced(function* (input: DepositInput) { … }, useCaseSpan("Buzon.deposit"))
 * @since 0.2.0
 */
export const useCaseSpan = (name: string) => Effect.withSpan(name, undefined, { captureStackTrace: false })
