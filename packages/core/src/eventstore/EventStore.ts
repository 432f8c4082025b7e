/**
 * The EventStore port: where every fact of the mailbox is kept, in streams (`mailbox-{RFC}`,
 * `notification-{id}`) ordered by a global position.
 *
 * Versions mean the same in every store: a new stream is at version 0 and its first event makes it
 * version 1 (EventStoreDB's revision = version − 1, mapped in that adapter only). Global positions
 * are positive, strictly increasing integers; `readAll({ after: 0 })` starts at the beginning.
 *
 * @since 0.1.0
 */
import { Context, Layer } from "effect"
import type { Effect } from "effect"
import type { Stream } from "effect"
import type { EventStoreUnavailable, StreamVersionConflict } from "./errors.js"
import { makeMemoryEventStore } from "./memory.js"

// The errors live in errors.ts so the in-memory store can use them without an import cycle.
export { EventStoreUnavailable, StreamVersionConflict } from "./errors.js"

/** A JSON value as stored: events and metadata are plain JSON. @since 0.1.0 */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

/** The metadata every recorded event carries. `prevHash`/`hash` form the stream's hash chain (DOMAIN §8). @since 0.1.0 */
export interface EventMetadata {
  readonly [key: string]: Json | undefined
}

/** An event to append: its type (the event's `_tag`), its encoded data and metadata. @since 0.1.0 */
export interface NewEvent {
  readonly type: string
  readonly data: Json
  readonly metadata: EventMetadata
}

/** An event as the store recorded it. `recordedAt` is UTC epoch ms read from the store's clock. @since 0.1.0 */
export interface RecordedEvent extends NewEvent {
  readonly streamName: string
  /** 1 for the first event of its stream, gapless. */
  readonly version: number
  /** Position in the whole store: positive, strictly increasing, may have gaps. */
  readonly position: number
  readonly recordedAt: number
}

/**
 * What the caller expects the stream's version to be: an exact version (0 = the stream does not
 * exist yet), or `"any"` to append blindly (for bulk loads and tests only: a design smell elsewhere).
 * @since 0.1.0
 */
export type ExpectedVersion = number | "any"

/** One stream's part of an append. @since 0.1.0 */
export interface StreamAppend {
  readonly streamName: string
  readonly expectedVersion: ExpectedVersion
  readonly events: ReadonlyArray<NewEvent>
}

/** What an append answers: the stream's new version and the position of its last event. @since 0.1.0 */
export interface AppendResult {
  readonly streamName: string
  readonly nextExpectedVersion: number
  readonly lastPosition: number
}

/** The shape every store implements (in-memory in core; SQLite and EventStoreDB in adapters). @since 0.1.0 */
export interface EventStoreShape {
  /** Append to one stream, all or nothing, if it is at `expectedVersion`. */
  readonly append: (
    streamName: string,
    expectedVersion: ExpectedVersion,
    events: ReadonlyArray<NewEvent>,
  ) => Effect.Effect<AppendResult, StreamVersionConflict | EventStoreUnavailable>
  /**
   * Append to many streams at once, for bulk work (a monthly emission deposits ~1 M acts). Each
   * stream keeps its guarantees; stores that can (memory, SQLite) make the whole batch atomic.
   */
  readonly appendBatch: (
    batch: ReadonlyArray<StreamAppend>,
  ) => Effect.Effect<ReadonlyArray<AppendResult>, StreamVersionConflict | EventStoreUnavailable>
  /** A stream's events from `fromVersion` (default 1) on; an unknown stream reads as `[]`. */
  readonly readStream: (
    streamName: string,
    options?: { readonly fromVersion?: number },
  ) => Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreUnavailable>
  /** Events of every stream with a position greater than `after`, in position order, at most `limit`. */
  readonly readAll: (options: {
    readonly after: number
    readonly limit?: number
  }) => Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreUnavailable>
  /** Catch up from `after`, then follow new appends, in position order, forever (interrupt to stop). */
  readonly subscribeAll: (options: { readonly after: number }) => Stream.Stream<RecordedEvent, EventStoreUnavailable>
}

/**
 * The EventStore service. Implementations are layers: `EventStore.layerMemory` here,
 * `SqliteEventStore.layer(options)` and `EsdbEventStore.layer(client)` in `@buzon/adapters`.
 * @since 0.1.0
 */
export class EventStore extends Context.Service<EventStore, EventStoreShape>()("buzon/eventstore/EventStore") {
  /**
   * A fresh in-memory store each time the layer is built (each `Effect.provide`): for tests,
   * examples and the command path's unit level. Synchronous under the hood.
   * @example Effect.runPromise(Effect.provide(EventStore.use((s) => s.append("mailbox-X", 0, [e])), EventStore.layerMemory))
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<EventStore> = Layer.sync(EventStore, makeMemoryEventStore)
}
