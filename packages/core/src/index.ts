/**
 * @buzon/core — the public API. Every export is named here by hand (no `export *`); anything not
 * exported here is internal. Sections are kept in the order of the roadmap.
 *
 * @since 0.1.0
 */

// --- calendar ---

// --- timing ---

// --- efirma ---

// --- eventstore ---
export {
  EventStore,
  EventStoreUnavailable,
  StreamVersionConflict,
} from "./eventstore/EventStore.js"
export { makeMemoryEventStore } from "./eventstore/memory.js"
export { followAll, makeAppendSignal } from "./eventstore/subscription.js"
export type { AppendSignal, FollowSource } from "./eventstore/subscription.js"
export type {
  AppendResult,
  EventMetadata,
  EventStoreShape,
  ExpectedVersion,
  Json,
  NewEvent,
  RecordedEvent,
  StreamAppend,
} from "./eventstore/EventStore.js"

// --- decider ---
export { absurd, fold, isEvents } from "./app/decider.js"
export type { DecideContext, Decider, Decision } from "./app/decider.js"

// --- mailbox ---

// --- notification ---

// --- evidence ---
export { canonicalJson } from "./evidence/canonicalJson.js"
export { GENESIS_HASH, hashEvent, linkEvents, verifyChain } from "./evidence/hashChain.js"
export type { ChainBreak, ChainVerdict, HashedEvent } from "./evidence/hashChain.js"

// --- app ---
export { AvisoSender, DispatchFailed } from "./app/AvisoSender.js"
export type { AvisoSenderShape, Channel, DispatchReceipt, OutgoingMessage } from "./app/AvisoSender.js"
