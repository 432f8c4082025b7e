/**
 * The read models of one running shell: the inbox and the due-work index, and the global position
 * they have seen. `catchUp` reads the store from that position (`readAll`, in pages) and folds what
 * is new, so a fresh shell rebuilds them from the whole history and a running one stays current
 * before each query and each scheduler pass; `follow` keeps them live from `subscribeAll`.
 *
 * A catch-up with nothing new is cheap on the stores we ship: memory slices past its last event, and
 * SQLite answers `readAll` after its head without a query (it knows the head from its own commits,
 * and from `PRAGMA data_version` when another process committed). So a query sees every append
 * committed before it, this process's or another's, with no subscription to wait for.
 *
 * @since 0.1.0
 */
import { Effect, Stream } from "effect"
import type { EventCodec } from "./decider.js"
import { EventStore } from "../eventstore/EventStore.js"
import type { EventStoreUnavailable, RecordedEvent } from "../eventstore/EventStore.js"
import type { NotificationEvent } from "../notification/events.js"
import { makeDueWorkIndex, makeInboxProjection } from "./projections.js"
import type { DueWorkIndex, InboxProjection } from "./projections.js"

/**
 * The read models and how far into the history they are.
 * @example yield* models.catchUp; models.position() // => the last global position folded
 * @since 0.1.0
 */
export interface ReadModels {
  readonly inbox: InboxProjection
  readonly due: DueWorkIndex
  /** The global position of the last event folded (0: none). */
  readonly position: () => number
  /** Folds one recorded event (of any stream; only notification events change these models). */
  readonly applyRecorded: (recorded: RecordedEvent) => void
  /** Reads and folds everything recorded after `position()`. */
  readonly catchUp: Effect.Effect<void, EventStoreUnavailable, EventStore>
  /** Folds every event as the store records it, forever (fork it; interrupt to stop). */
  readonly follow: Effect.Effect<void, EventStoreUnavailable, EventStore>
}

const PAGE = 10_000
/** Per-contact provider answers: the attempt's outcome events (delivered, retry, estrados) carry what the models need. */
const IRRELEVANT: ReadonlySet<string> = new Set(["AvisoSent", "AvisoFailed"])

/**
 * Empty read models that fold notification events decoded with `codec`.
 * @example const models = makeReadModels(notificationCodec); yield* models.catchUp; models.inbox.inbox("EKU9003173C9")
 * @since 0.1.0
 */
export const makeReadModels = (codec: EventCodec<NotificationEvent>): ReadModels => {
  const inbox = makeInboxProjection()
  const due = makeDueWorkIndex()
  let position = 0
  const applyRecorded = (recorded: RecordedEvent): void => {
    if (recorded.position <= position) return // seen already: catch-up and follow may overlap
    position = recorded.position
    if (!recorded.streamName.startsWith("notification-")) return
    if (IRRELEVANT.has(recorded.type)) return // no read model changes on these: skip their decoding
    const event = codec.decode(recorded.type, recorded.data)
    inbox.apply(event)
    due.apply(event)
  }
  const catchUp: Effect.Effect<void, EventStoreUnavailable, EventStore> = Effect.gen(function* () {
    const store = yield* EventStore
    for (;;) {
      const page = yield* store.readAll({ after: position, limit: PAGE })
      for (const recorded of page) applyRecorded(recorded)
      if (page.length < PAGE) return
    }
  })
  const follow: Effect.Effect<void, EventStoreUnavailable, EventStore> = Effect.gen(function* () {
    const store = yield* EventStore
    yield* Stream.runForEach(store.subscribeAll({ after: position }), (recorded) => Effect.sync(() => applyRecorded(recorded)))
  })
  return { inbox, due, position: () => position, applyRecorded, catchUp, follow }
}
