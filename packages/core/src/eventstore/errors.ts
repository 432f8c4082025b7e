/**
 * The two ways a store refuses or fails, shared by every store (memory, SQLite, EventStoreDB).
 * The tag is the stable code: never rename it.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import type { ExpectedVersion } from "./EventStore.js"

/** The stream was not at the expected version: someone else wrote first. Reload and decide again. @since 0.1.0 */
export class StreamVersionConflict extends Data.TaggedError("StreamVersionConflict")<{
  readonly streamName: string
  readonly expectedVersion: ExpectedVersion
  readonly actualVersion: number
}> {
  override get message() {
    return `Stream ${this.streamName} is at version ${this.actualVersion}, not ${String(this.expectedVersion)}: it changed since it was read.`
  }
}

/** The store cannot be reached or failed; `cause` says why in words, never a raw driver code. @since 0.1.0 */
export class EventStoreUnavailable extends Data.TaggedError("EventStoreUnavailable")<{
  readonly store: string
  readonly cause: string
}> {
  override get message() {
    return `The event store (${this.store}) is unavailable: ${this.cause}`
  }
}

