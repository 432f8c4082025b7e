/**
 * The Decider: three pure functions that are the whole of an aggregate's behaviour
 * (ARCHITECTURE.md, "Event sourcing, the Decider way").
 *
 * `decide` answers `[]` when the command already holds (a retry is a no-op), a tagged error value
 * when it is refused (nothing is recorded), or the events that happened.
 *
 * @since 0.1.0
 */
import type { Calendar } from "../calendar/calendar.js"

/** What a decision may read besides state: the instant (UTC epoch ms) and the legal calendar. Never defaulted. @since 0.1.0 */
export interface DecideContext {
  readonly now: number
  readonly calendar: Calendar
}

/** A decision: the events that happened (`[]`: already applied) or the refusal. @since 0.1.0 */
export type Decision<Event, Refusal> = ReadonlyArray<Event> | Refusal

/** An aggregate's behaviour, pure. @since 0.1.0 */
export interface Decider<Command, Event, State, Refusal, Context = DecideContext> {
  readonly initialState: State
  readonly decide: (command: Command, state: State, context: Context) => Decision<Event, Refusal>
  readonly evolve: (state: State, event: Event) => State
}

/** Folds a history into state. @since 0.1.0 */
export const fold = <Event, State>(
  evolve: (state: State, event: Event) => State,
  initialState: State,
  events: Iterable<Event>,
): State => {
  let state = initialState
  for (const event of events) state = evolve(state, event)
  return state
}

/** True when a decision is a list of events rather than a refusal. @since 0.1.0 */
export const isEvents = <Event, Refusal>(decision: Decision<Event, Refusal>): decision is ReadonlyArray<Event> =>
  Array.isArray(decision)

/** Ends a switch over a closed union: a new tag that is not handled fails the build. @since 0.1.0 */
export const absurd = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`)
}

/** How a folder's events become stored JSON and back: `type` is the event's `_tag`. @since 0.1.0 */
export interface EventCodec<Event> {
  readonly encode: (event: Event) => { readonly type: string; readonly data: import("../eventstore/EventStore.js").Json }
  readonly decode: (type: string, data: import("../eventstore/EventStore.js").Json) => Event
}
