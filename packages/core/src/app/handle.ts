/**
 * Command handling, the one path every command takes (ARCHITECTURE.md, "Event sourcing, the Decider
 * way"): load the stream (read → decode → fold), decide with `{ now, calendar }`, append what
 * happened with the expected version, and on a version conflict reload and decide again.
 *
 * `now` is read once per command from Effect's `Clock`, so a retried command decides at the same
 * instant it was first handled. A decision of `[]` appends nothing: a repeated command is a no-op.
 * A caller that read the stream first may pin that version (`expectedVersion`, an HTTP `If-Match`):
 * the command is then decided and appended at that version only, in the same step, and a stream
 * that moved on fails with `StreamVersionMismatch` instead of being retried.
 * Folded streams are kept between commands (`streamCache.ts`): a load reads only the events
 * recorded after the cached version.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import type { Calendar } from "../calendar/calendar.js"
import type { Identity } from "../efirma/identity.js"
import { EventStore } from "../eventstore/EventStore.js"
import type { EventMetadata, EventStoreShape, Json, NewEvent, RecordedEvent } from "../eventstore/EventStore.js"
import { StreamVersionConflict } from "../eventstore/EventStore.js"
import type { EventStoreUnavailable } from "../eventstore/EventStore.js"
import { fold, isEvents } from "./decider.js"
import type { Decider, EventCodec } from "./decider.js"
import { linkEvents } from "../evidence/hashChain.js"
import { StreamVersionMismatch } from "./errors.js"
import { streamCacheOf } from "./streamCache.js"

/**
 * A decider with the codec of its events: everything the shell needs to run one aggregate.
 * @example const tally: Aggregate<Add, Added, ReadonlyArray<string>, TallyFull> = { decider, codec }
 * @since 0.1.0
 */
export interface Aggregate<Command, Event, State, Refusal> {
  readonly decider: Decider<Command, Event, State, Refusal>
  readonly codec: EventCodec<Event>
}

/**
 * Who caused a command: an authenticated e.firma holder, or the system itself (the scheduler
 * turning elapsed time into commands, the institute depositing an act).
 * @example const actor: Actor = { kind: "system", name: "scheduler" }
 * @since 0.1.0
 */
export type Actor =
  | { readonly kind: "efirma"; readonly identity: Identity }
  | { readonly kind: "system"; readonly name: string }

/**
 * What the shell stamps on every event besides the hash chain.
 * @example const options: CommandOptions = { calendar, actor, commandId: "deposit:IMSS-1", ruleSetVersion: calendar.ruleSetVersion }
 * @since 0.1.0
 */
export interface CommandOptions {
  readonly calendar: Calendar
  readonly actor: Actor
  /** The caller's id for this command (an idempotency key or a generated id); recorded, never interpreted. */
  readonly commandId: string
  /** The version of the rule set the deciders apply, recorded so a decision can be reproduced. */
  readonly ruleSetVersion?: string
  /**
   * The stream version the caller read and decided to act on (an HTTP `If-Match`). When given, the
   * command is appended only at that version, and is not retried on a conflict: a stream at another
   * version fails with `StreamVersionMismatch`, unless the command had been applied already (it
   * decides `[]`), which answers as a repeat does (RFC 9110 §13.1.1 allows a 2xx for a change
   * already made).
   */
  readonly expectedVersion?: number
}

/**
 * A stream loaded and folded: its state, its version, and the hash of its last event.
 * @example const { state, version, lastHash } = yield* loadStream(mailboxAggregate, "mailbox-EKU9003173C9")
 * @since 0.1.0
 */
export interface LoadedStream<State> {
  readonly state: State
  readonly version: number
  readonly lastHash: string | undefined
}

/**
 * What a handled command answers: the events it appended (`[]`: already applied) and the state after.
 * @example const { events, version } = yield* handleCommand(aggregate, stream, command, options) // events: [] when already applied
 * @since 0.1.0
 */
export interface Handled<Event, State> {
  readonly events: ReadonlyArray<Event>
  readonly state: State
  /** The stream's version after the command. */
  readonly version: number
  /** UTC epoch ms the command was decided at. */
  readonly now: number
}

/**
 * How many times a conflicting command is decided again, and the first backoff (doubling each time).
 * @example conflictRetry.attempts // => 5 (waits 5, 10, 20, 40, 80 ms)
 * @since 0.1.0
 */
export const conflictRetry = { attempts: 5, firstBackoffMs: 5 } as const

/**
 * Reads a stream and folds it into state.
 * @example loadStream(mailboxAggregate, "mailbox-EKU9003173C9") // => Effect of { state, version, lastHash }
 * @since 0.1.0
 */
export const loadStream = <Command, Event, State, Refusal>(
  aggregate: Aggregate<Command, Event, State, Refusal>,
  streamName: string,
): Effect.Effect<LoadedStream<State>, EventStoreUnavailable, EventStore> =>
  Effect.flatMap(Effect.service(EventStore), (store) => loadFrom(aggregate, store, streamName))

/**
 * Loads a stream from a given store through the stream cache: only the events after the cached
 * version are read and folded.
 * @example yield* loadFrom(notificationAggregate, store, "notification-n1") // => { state, version, lastHash }
 * @since 0.1.0
 */
export const loadFrom = <Command, Event, State, Refusal>(
  aggregate: Aggregate<Command, Event, State, Refusal>,
  store: EventStoreShape,
  streamName: string,
): Effect.Effect<LoadedStream<State>, EventStoreUnavailable> => {
  const cache = streamCacheOf<State>(aggregate, store)
  const cached = cache.get(streamName)
  const read = cached === undefined ? store.readStream(streamName) : store.readStream(streamName, { fromVersion: cached.version + 1 })
  return Effect.map(read, (recorded) => {
    const loaded = foldRecorded(aggregate, recorded, cached)
    if (recorded.length > 0 || cached === undefined) cache.set(streamName, loaded)
    return loaded
  })
}

/**
 * Folds recorded events of one stream, in version order, into a loaded stream: from the start, or
 * onto `from` when they are the events after it.
 * @example foldRecorded(notificationAggregate, recorded).version // => recorded.length
 * @since 0.1.0
 */
export const foldRecorded = <Command, Event, State, Refusal>(
  aggregate: Aggregate<Command, Event, State, Refusal>,
  recorded: ReadonlyArray<RecordedEvent>,
  from?: LoadedStream<State>,
): LoadedStream<State> => {
  const { decider, codec } = aggregate
  const state = fold(decider.evolve, from?.state ?? decider.initialState, recorded.map((e) => codec.decode(e.type, e.data)))
  const last = recorded[recorded.length - 1]
  if (last === undefined) return { state, version: from?.version ?? 0, lastHash: from?.lastHash }
  const hash = last.metadata["hash"]
  return { state, version: last.version, lastHash: typeof hash === "string" ? hash : undefined }
}

const actorMetadata = (actor: Actor): Json =>
  actor.kind === "system"
    ? { kind: "system", name: actor.name }
    : {
        kind: "efirma",
        rfc: actor.identity.rfc,
        certificateNumber: actor.identity.certificateNumber,
        ...(actor.identity.representative === undefined
          ? {}
          : { representative: { rfc: actor.identity.representative.rfc, curp: actor.identity.representative.curp } }),
      }

/**
 * Encodes events and stamps the metadata an auditor needs: the actor, the command id, the instant
 * decided, the calendar and rule-set versions, and the stream's hash chain (DOMAIN §8).
 * @example stampEvents(codec, "notification-n1", { version: 0, lastHash: undefined }, events, now, options)[0].metadata.prevHash // => GENESIS_HASH
 * @since 0.1.0
 */
export const stampEvents = <Event>(
  codec: EventCodec<Event>,
  streamName: string,
  loaded: { readonly version: number; readonly lastHash: string | undefined },
  events: ReadonlyArray<Event>,
  now: number,
  options: CommandOptions,
): ReadonlyArray<NewEvent> => {
  const metadata: EventMetadata = {
    commandId: options.commandId,
    actor: actorMetadata(options.actor),
    decidedAt: now,
    calendarVersion: options.calendar.version,
    ...(options.ruleSetVersion === undefined ? {} : { ruleSetVersion: options.ruleSetVersion }),
  }
  // The chain is linked last: hashChain.ts covers every metadata field set before it.
  return linkEvents(loaded.lastHash, streamName, loaded.version + 1, events.map((event) => ({ ...codec.encode(event), metadata })))
}

/**
 * Folds appended events onto the state they were decided on and keeps the result in the stream
 * cache, so the next command on the stream reads nothing it already knows.
 * @example const state = remember(aggregate, store, streamName, loaded.state, decided, stamped, result.nextExpectedVersion)
 * @since 0.1.0
 */
export const remember = <Command, Event, State, Refusal>(
  aggregate: Aggregate<Command, Event, State, Refusal>,
  store: EventStoreShape,
  streamName: string,
  before: State,
  decided: ReadonlyArray<Event>,
  stamped: ReadonlyArray<NewEvent>,
  version: number,
): State => {
  const state = fold(aggregate.decider.evolve, before, decided)
  const last = stamped[stamped.length - 1]?.metadata["hash"]
  streamCacheOf<State>(aggregate, store).set(streamName, { state, version, lastHash: typeof last === "string" ? last : undefined })
  return state
}

type Outcome<Event, State, Refusal> = Effect.Effect<Handled<Event, State>, Refusal | StreamVersionConflict | StreamVersionMismatch | EventStoreUnavailable>

/**
 * One attempt of a command on a loaded stream: decide, then append at the loaded version. With a
 * pinned version, a stream elsewhere (or, after a conflict, any stream: `conflict` is given) fails
 * with `StreamVersionMismatch` before the refusal or the append; `[]` still answers as a repeat.
 */
const decideAndAppend = <Command, Event, State, Refusal>(
  aggregate: Aggregate<Command, Event, State, Refusal>,
  store: EventStoreShape,
  streamName: string,
  command: Command,
  options: CommandOptions,
  now: number,
  loaded: LoadedStream<State>,
  conflict?: StreamVersionConflict,
): Outcome<Event, State, Refusal> => {
  const decision = aggregate.decider.decide(command, loaded.state, { now, calendar: options.calendar })
  if (isEvents(decision) && decision.length === 0) return Effect.succeed({ events: decision, state: loaded.state, version: loaded.version, now })
  const pinned = options.expectedVersion
  // RFC 9110 §13.1.1: a false precondition is answered before the method is tried, refusals included.
  if (pinned !== undefined && (conflict !== undefined || loaded.version !== pinned)) {
    const actualVersion = conflict === undefined ? loaded.version : Math.max(loaded.version, conflict.actualVersion)
    return Effect.fail(new StreamVersionMismatch({ streamName, expectedVersion: pinned, actualVersion }))
  }
  if (!isEvents(decision)) return Effect.fail(decision)
  const stamped = stampEvents(aggregate.codec, streamName, loaded, decision, now, options)
  return Effect.map(store.append(streamName, loaded.version, stamped), (appended) => {
    const state = remember(aggregate, store, streamName, loaded.state, decision, stamped, appended.nextExpectedVersion)
    return { events: decision, state, version: appended.nextExpectedVersion, now }
  })
}

/**
 * Handles one command on one stream: load → decide → append with the expected version. A refusal
 * fails with the decider's tagged error; `[]` appends nothing; a version conflict reloads and
 * decides again up to {@link conflictRetry}.attempts times with doubling backoff, then fails with
 * the conflict. With `options.expectedVersion`, the stream must be at that version when the command
 * is decided and when it is appended: otherwise it fails with `StreamVersionMismatch`, never retried
 * (a conflict is looked at once more, without appending, only to answer a repeat with `[]`).
 * @example handleCommand(notificationAggregate, "notification-n1", markDeemed, options) // => Effect of Handled
 * @example handleCommand(mailboxAggregate, "mailbox-EKU9003173C9", verify, { ...options, expectedVersion: 4 }) // => fails with StreamVersionMismatch when the mailbox is at 5
 * @since 0.1.0
 */
export const handleCommand = <Command, Event, State, Refusal>(
  aggregate: Aggregate<Command, Event, State, Refusal>,
  streamName: string,
  command: Command,
  options: CommandOptions,
): Effect.Effect<Handled<Event, State>, Refusal | StreamVersionConflict | StreamVersionMismatch | EventStoreUnavailable, EventStore> =>
  Effect.flatMap(Effect.service(EventStore), (store) =>
    // read once: a retry decides at the same instant. Plain combinators rather than Effect.gen: this
    // is every command's path, and a generator per attempt costs more than the decision it runs.
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const attempt = (conflict?: StreamVersionConflict): Outcome<Event, State, Refusal> =>
        Effect.suspend(() =>
          Effect.flatMap(loadFrom(aggregate, store, streamName), (loaded) => decideAndAppend(aggregate, store, streamName, command, options, now, loaded, conflict)))
      const withRetry = (n: number): Outcome<Event, State, Refusal> =>
        Effect.catch(attempt(), (error) =>
          !(error instanceof StreamVersionConflict)
            ? Effect.fail(error)
            : options.expectedVersion !== undefined
              ? attempt(error) // pinned: the version the caller read is gone; answer from the stream as it now is, appending nothing
              : n < conflictRetry.attempts
                ? Effect.andThen(Effect.sleep(conflictRetry.firstBackoffMs * 2 ** n), withRetry(n + 1))
                : Effect.fail(error),
        )
      return withRetry(0)
    }),
    // no captured stack trace: a `new Error()` per command, for a source line the span's name already gives
  ).pipe(Effect.withSpan("app.handleCommand", { attributes: { streamName } }, { captureStackTrace: false }))
