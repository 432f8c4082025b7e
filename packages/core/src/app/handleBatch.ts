/**
 * Many commands, one per stream, decided together and appended in one `appendBatch`: for the
 * scheduler's mass work (DOMAIN §10: a campaign deems ~1 M acts on one morning), where a durable
 * store pays one transaction per batch instead of one per command. Each command is decided exactly
 * as `handleCommand` would (same instant, same metadata, same hash chain); a refusal is that item's
 * answer and does not stop the others. If the batch meets a version conflict (another writer on one
 * of its streams), every item of the batch is handled again one by one, with `handleCommand`'s retry.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { EventStore, StreamVersionConflict } from "../eventstore/EventStore.js"
import type { EventStoreUnavailable, NewEvent, StreamAppend } from "../eventstore/EventStore.js"
import { isEvents } from "./decider.js"
import { handleCommand, loadFrom, remember, stampEvents } from "./handle.js"
import type { Aggregate, CommandOptions } from "./handle.js"

/** One command of a batch: its stream, the command, and its own command id. @since 0.1.0 */
export interface BatchItem<Command> {
  readonly streamName: string
  readonly command: Command
  readonly commandId: string
}

/**
 * What one item came to: the events it appended (`[]`: already applied), or its refusal.
 * @example const outcome: BatchOutcome<NotificationEvent, NotificationRefusal> = { streamName, events: [] }
 * @since 0.1.0
 */
export type BatchOutcome<Event, Refusal> =
  | { readonly streamName: string; readonly events: ReadonlyArray<Event> }
  | { readonly streamName: string; readonly refused: Refusal }

/**
 * Decides every item at one instant (read once from `Clock`) and appends all that happened in one
 * `appendBatch`. Streams must be distinct within a batch.
 * @example yield* handleBatch(notificationAggregate, ids.map((id) => ({ streamName: notificationStream(id), command: new MarkDeemed({ notificationId: id }), commandId: `deem:${id}` })), options)
 * @since 0.1.0
 */
export const handleBatch = <Command, Event, State, Refusal>(
  aggregate: Aggregate<Command, Event, State, Refusal>,
  items: ReadonlyArray<BatchItem<Command>>,
  options: Omit<CommandOptions, "commandId" | "expectedVersion">, // a batch pins no version: its fallback would count a mismatch as a refusal
): Effect.Effect<ReadonlyArray<BatchOutcome<Event, Refusal>>, StreamVersionConflict | EventStoreUnavailable, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const now = yield* Clock.currentTimeMillis
    const outcomes: Array<BatchOutcome<Event, Refusal>> = []
    const appends: Array<StreamAppend> = []
    const pending: Array<{ readonly streamName: string; readonly before: State; readonly decided: ReadonlyArray<Event>; readonly stamped: ReadonlyArray<NewEvent>; readonly version: number }> = []
    for (const item of items) {
      const loaded = yield* loadFrom(aggregate, store, item.streamName)
      const decision = aggregate.decider.decide(item.command, loaded.state, { now, calendar: options.calendar })
      if (!isEvents(decision)) {
        outcomes.push({ streamName: item.streamName, refused: decision })
        continue
      }
      outcomes.push({ streamName: item.streamName, events: decision })
      if (decision.length === 0) continue
      const stamped = stampEvents(aggregate.codec, item.streamName, loaded, decision, now, { ...options, commandId: item.commandId })
      appends.push({ streamName: item.streamName, expectedVersion: loaded.version, events: stamped })
      pending.push({ streamName: item.streamName, before: loaded.state, decided: decision, stamped, version: loaded.version + stamped.length })
    }
    if (appends.length === 0) return outcomes
    const appended = yield* Effect.result(store.appendBatch(appends))
    if (appended._tag === "Success") {
      for (const p of pending) remember(aggregate, store, p.streamName, p.before, p.decided, p.stamped, p.version)
      return outcomes
    }
    if (!(appended.failure instanceof StreamVersionConflict)) return yield* Effect.fail(appended.failure)
    // Someone else wrote to one of these streams: fall back to one command at a time, each retried.
    return yield* Effect.forEach(items, (item) =>
      handleCommand(aggregate, item.streamName, item.command, { ...options, commandId: item.commandId }).pipe(
        Effect.map((handled): BatchOutcome<Event, Refusal> => ({ streamName: item.streamName, events: handled.events })),
        Effect.catch((error) =>
          error instanceof StreamVersionConflict || isStoreError(error)
            ? Effect.fail(error as StreamVersionConflict | EventStoreUnavailable)
            : Effect.succeed<BatchOutcome<Event, Refusal>>({ streamName: item.streamName, refused: error as Refusal }),
        ),
        Effect.provideService(EventStore, store),
      ),
    )
  }).pipe(Effect.withSpan("app.handleBatch", { attributes: { size: items.length } }))

const isStoreError = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { readonly _tag?: unknown })._tag === "EventStoreUnavailable"
