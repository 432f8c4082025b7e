/**
 * @buzon/core — the public API. Every export is named here by hand (no `export *`); anything not
 * exported here is internal. Sections are kept in the order of the roadmap.
 *
 * @since 0.1.0
 */

// --- calendar ---
export {
  addBusinessDays, AUTHORITY_ZONE, dayNumberOf, dayOf, inZone, InvalidDate, isBusinessDay, makeCalendar, UnknownZone,
} from "./calendar/calendar.js"
export type { Calendar, CalendarOptions, Closure, IsoDate, Purpose } from "./calendar/calendar.js"
export { decodeClosures, InvalidClosures, knownClosures } from "./calendar/closures.js"
export { cffArt12, cffArt12Literal, statutoryHolidays, transmissionDay } from "./calendar/ruleSet.js"
export type { RuleSet, StatutoryHoliday, TransmissionRule } from "./calendar/ruleSet.js"
export { isoOfDay, parseIsoDate } from "./calendar/civilDay.js"
export { isKnownZone } from "./calendar/zoneClock.js"

// --- timing ---
export { avisoAt, isInsideWindow, nextWindowOpening } from "./timing/window.js"
export { deemedAt, effectiveOn, madeAtOnOpening, openUntil } from "./timing/notified.js"
export { paymentDueOn, plazos } from "./timing/plazos.js"
export type { Plazo, Plazos } from "./timing/plazos.js"
export { OpeningBeforeDeposit, timeline } from "./timing/timeline.js"
export type { Basis, LegalZone, Timeline, TimelineInput } from "./timing/timeline.js"
export { estrados } from "./timing/estrados.js"
export type { EstradosTimeline } from "./timing/estrados.js"
export { obligations } from "./timing/obligations.js"
export type { Obligation, ObligationDue } from "./timing/obligations.js"

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
