/**
 * The decider specification DSL: given a history, when a command is decided at a fixed context, then
 * these events (or this refusal, or nothing). It reads like the rule book and asserts whole values with
 * vitest's `expect`, so a failure prints a diff of the events or the error (STYLE.md §8; after Emmett's
 * `DeciderSpecification` and Equinox's `verifyIdempotency`).
 *
 * Values are compared as plain data: an event or an error becomes `{ _tag, ...its own fields }`
 * (errors also contain `message`), so two events of different classes never compare equal and the diff
 * shows field names rather than class internals.
 *
 * @since 0.1.0
 */
import { expect } from "vitest"
import { fold, isEvents } from "../app/decider.js"
import type { Decider, Decision } from "../app/decider.js"

/** What `.when(...)` returns: the three ways to state the outcome. @since 0.1.0 */
export interface DeciderThen<Event, Refusal> {
  /** The command produced exactly these events (or the callback's own assertions hold on them). */
  readonly then: (expected: ReadonlyArray<Event> | ((events: ReadonlyArray<Event>) => void)) => void
  /** The command was refused with exactly this error (or the callback's own assertions hold on it). */
  readonly thenFails: (expected: Refusal | ((refusal: Refusal) => void)) => void
  /** The command was already applied: it decides `[]`. */
  readonly thenNothing: () => void
}

/** What `.given(...)` returns. @since 0.1.0 */
export interface DeciderWhen<Command, Event, Refusal, Context> {
  readonly when: (command: Command, context: Context) => DeciderThen<Event, Refusal>
}

/** A specification bound to one decider. @since 0.1.0 */
export interface DeciderSpecification<Command, Event, Refusal, Context> {
  readonly given: (history: ReadonlyArray<Event>) => DeciderWhen<Command, Event, Refusal, Context>
}

/**
 * The plain-data view of an event or refusal used for comparison: its `_tag`, its `message` when it is
 * an `Error`, and its own enumerable fields, recursively for arrays.
 * @since 0.1.0
 */
export const plainValue = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(plainValue)
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value
  const tagged = value as { readonly _tag?: unknown }
  const plain: Record<string, unknown> = {}
  if (tagged._tag !== undefined) plain["_tag"] = tagged._tag
  if (value instanceof Error) plain["message"] = value.message
  for (const [key, field] of Object.entries(value)) {
    if (key === "stack" || key === "name" || field === undefined) continue
    plain[key] = plainValue(field)
  }
  return plain
}

const describeDecision = <Event, Refusal>(decision: Decision<Event, Refusal>): string =>
  isEvents(decision)
    ? `events ${JSON.stringify(plainValue(decision))}`
    : `refusal ${JSON.stringify(plainValue(decision))}`

/**
 * Binds the given/when/then DSL to a decider.
 *
 * Rule: a decision is `[]` (already applied), a refusal value (nothing recorded) or events
 * (ARCHITECTURE.md, "Event sourcing, the Decider way").
 *
 * @example
 * const spec = deciderSpec(mailboxDecider)
 * spec.given([enrollmentStarted]).when(registerEmail, ctx).then([contactRegistered])
 * spec.given([]).when(registerEmail, ctx).thenFails(new MailboxNotEnrolled({ rfc }))
 * @since 0.1.0
 */
export const deciderSpec = <Command, Event, State, Refusal, Context>(
  decider: Decider<Command, Event, State, Refusal, Context>,
): DeciderSpecification<Command, Event, Refusal, Context> => ({
  given: (history) => ({
    when: (command, context) => {
      const decide = (): Decision<Event, Refusal> =>
        decider.decide(command, fold(decider.evolve, decider.initialState, history), context)
      return {
        then: (expected) => {
          const decision = decide()
          if (!isEvents(decision)) expect.fail(`expected events, but the command was refused: ${describeDecision(decision)}`)
          if (typeof expected === "function") expected(decision)
          else expect(plainValue(decision)).toEqual(plainValue(expected))
        },
        thenFails: (expected) => {
          const decision = decide()
          if (isEvents(decision)) expect.fail(`expected a refusal, but the command decided ${describeDecision(decision)}`)
          if (typeof expected === "function") (expected as (refusal: Refusal) => void)(decision)
          else expect(plainValue(decision)).toEqual(plainValue(expected))
        },
        thenNothing: () => {
          const decision = decide()
          if (!isEvents(decision)) expect.fail(`expected no events, but the command was refused: ${describeDecision(decision)}`)
          expect(plainValue(decision)).toEqual([])
        },
      }
    },
  }),
})

/**
 * Equinox's idempotency check: decide the command on the folded history; when it succeeds with events,
 * fold them in and decide the same command again: it must decide `[]`. Returns the first decision so a
 * caller can assert on it too. A refusal or an empty first decision passes trivially (and is returned).
 *
 * Rule: a command that has already been applied is a no-op (ARCHITECTURE.md; STYLE.md §8). Failure
 * facts, such as a wrong verification code, are the exception: do not feed such commands here.
 *
 * @example
 * expectIdempotent(mailboxDecider, [enrollmentStarted, emailRegistered], verifyEmail, ctx)
 * @since 0.1.0
 */
export const expectIdempotent = <Command, Event, State, Refusal, Context>(
  decider: Decider<Command, Event, State, Refusal, Context>,
  history: ReadonlyArray<Event>,
  command: Command,
  context: Context,
): Decision<Event, Refusal> => {
  const state = fold(decider.evolve, decider.initialState, history)
  const first = decider.decide(command, state, context)
  if (!isEvents(first) || first.length === 0) return first
  const second = decider.decide(command, fold(decider.evolve, state, first), context)
  if (!isEvents(second))
    expect.fail(`not idempotent: after ${describeDecision(first)} the same command was refused: ${describeDecision(second)}`)
  expect(plainValue(second), `the same command decided again after ${describeDecision(first)}`).toEqual([])
  return first
}
