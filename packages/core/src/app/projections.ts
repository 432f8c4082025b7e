/**
 * Read models over the notification history: the inbox of each mailbox and the due-work index the
 * scheduler reads. Both are folds of recorded events in position order, so they are rebuilt from
 * `readAll` and kept live from `subscribeAll`; they hold nothing the history does not say, which is
 * why the scheduler picks up where it stopped after a restart (issue #4, "Application shell").
 *
 * Each read model is an index (maps and due queues) updated in place by `apply`, for the scale of
 * DOMAIN §10; what one event does to one notification's entry is a pure function ({@link evolveInboxItem}).
 *
 * @since 0.1.0
 */
import type { AvisoTarget, MadeBasis, NotificationEvent, PlazoRecord } from "../notification/events.js"
import { makeRecentCache } from "../cache/recentCache.js"
import { makeDueQueue } from "./dueQueue.js"
import type { DueEntry, DueQueue } from "./dueQueue.js"

/**
 * Where a notification stands, as the patrón's inbox shows it.
 * @example const status: InboxStatus = "in-effect"
 * @since 0.1.0
 */
export type InboxStatus = "awaiting-aviso" | "avisado" | "in-estrados" | "made" | "in-effect"

/**
 * One notification in an inbox: its act, the aviso instant, when it was made and took effect, its plazos.
 * @example (yield* buzon.inbox("EKU9003173C9"))[0] // => { status: "in-effect", madeOn: "2026-03-18", effectiveOn: "2026-03-19", plazos: [...] , … }
 * @since 0.1.0
 */
export interface InboxItem {
  readonly notificationId: string
  readonly rfc: string
  readonly actType: string
  readonly reference: string
  readonly contentSha256: string
  readonly depositedAt: number
  readonly status: InboxStatus
  readonly avisoAt?: number
  readonly openUntil?: string
  readonly deemableAt?: number
  readonly openedAt?: number
  readonly madeAt?: number
  readonly madeOn?: string
  readonly madeBasis?: MadeBasis
  readonly effectiveOn?: string
  /** Each plazo with its end and legal basis (DOMAIN §4), as computed when it took effect. */
  readonly plazos: ReadonlyArray<PlazoRecord>
  readonly calendarVersion: string
  readonly ruleSetVersion: string
}

// One shared empty list for every item whose plazos are not computed yet (most of a million inboxes).
const NO_PLAZOS: ReadonlyArray<PlazoRecord> = Object.freeze([])

/**
 * What one event does to one notification's inbox entry (`undefined` before its deposit).
 * Rule: the statuses follow DOMAIN §3 (aviso → made → takes effect) and CFF art. 139 (estrados).
 * @example evolveInboxItem(undefined, actDeposited)?.status // => "awaiting-aviso"
 * @since 0.1.0
 */
export const evolveInboxItem = (item: InboxItem | undefined, event: NotificationEvent): InboxItem | undefined => {
  if (event._tag === "ActDeposited") {
    if (item !== undefined) return item
    const { notificationId, rfc, actType, reference, contentSha256, depositedAt, calendarVersion, ruleSetVersion } = event
    return { notificationId, rfc, actType, reference, contentSha256, depositedAt, status: "awaiting-aviso", plazos: NO_PLAZOS, calendarVersion, ruleSetVersion }
  }
  if (item === undefined) return undefined
  switch (event._tag) {
    case "ActPublishedInEstrados":
      return { ...item, status: "in-estrados" }
    case "AvisoDelivered":
      return { ...item, status: item.status === "awaiting-aviso" ? "avisado" : item.status, avisoAt: event.avisoAt, openUntil: event.openUntil, deemableAt: event.deemableAt }
    case "NotificationOpened":
      return item.openedAt === undefined ? { ...item, openedAt: event.authenticatedAt } : item
    case "NotificationMade":
      return { ...item, status: "made", madeAt: event.madeAt, madeOn: event.madeOn, madeBasis: event.basis }
    case "NotificationTookEffect":
      return { ...item, status: "in-effect", effectiveOn: event.effectiveOn, plazos: event.plazos, calendarVersion: event.calendarVersion, ruleSetVersion: event.ruleSetVersion }
    case "AvisoDispatchAttempted":
    case "AvisoSent":
    case "AvisoFailed":
    case "AvisoRetryScheduled":
      return item
  }
}

/**
 * Every mailbox's inbox.
 * @example makeInboxProjection().inbox("EKU9003173C9") // => []
 * @since 0.1.0
 */
export interface InboxProjection {
  readonly apply: (event: NotificationEvent) => void
  /**
   * The inbox of one RFC, newest deposit first: a frozen list, the same object until an event changes
   * that inbox (or, read rarely, it leaves the bounded cache), so readers may cache what they derive
   * from it by identity.
   */
  readonly inbox: (rfc: string) => ReadonlyArray<InboxItem>
  readonly item: (notificationId: string) => InboxItem | undefined
}

/**
 * An empty inbox projection; feed it every notification event in position order.
 * @example const p = makeInboxProjection(); p.apply(actDeposited); p.inbox("EKU9003173C9").length // => 1
 * @since 0.1.0
 */
export const makeInboxProjection = (): InboxProjection => {
  const items = new Map<string, InboxItem>()
  const byRfc = new Map<string, Set<string>>()
  // Sorted lists of the inboxes read lately and unchanged since: a read of an unchanged inbox (the
  // common case: issue #6's inbox benchmark) neither copies nor sorts, and returns the same object.
  // Bounded, the lists not read lately dropped first: readers cache by these lists (the API their
  // JSON), and DOMAIN §10's million mailboxes must not all stay cached after one read each.
  const sorted = makeRecentCache<string, ReadonlyArray<InboxItem>>(CACHED_INBOXES)
  const listOf = (rfc: string): ReadonlyArray<InboxItem> => {
    const ids = byRfc.get(rfc)
    if (ids === undefined) return NO_ITEMS // nothing cached for RFCs without notifications
    const cached = sorted.get(rfc)
    if (cached !== undefined) return cached
    const list = Object.freeze(sortedInbox([...ids].map((id) => items.get(id)!)))
    sorted.set(rfc, list)
    return list
  }
  return {
    apply: (event) => {
      const before = items.get(event.notificationId)
      const after = evolveInboxItem(before, event)
      if (after === undefined || after === before) return
      items.set(event.notificationId, after)
      sorted.delete(after.rfc)
      if (before === undefined) {
        const ids = byRfc.get(after.rfc)
        if (ids === undefined) byRfc.set(after.rfc, new Set([after.notificationId]))
        else ids.add(after.notificationId)
      }
    },
    inbox: listOf,
    item: (notificationId) => items.get(notificationId),
  }
}

const NO_ITEMS: ReadonlyArray<InboxItem> = Object.freeze([])
/** How many inboxes keep their sorted list between reads: the busy ones (an office's open screens, a benchmark). */
const CACHED_INBOXES = 1_024

const sortedInbox = (list: Array<InboxItem>): Array<InboxItem> =>
  list.sort((a, b) => b.depositedAt - a.depositedAt || (a.notificationId < b.notificationId ? -1 : 1))

/**
 * An aviso attempt that began but has no recorded outcome (a crash between sending and recording).
 * @example due.awaitingOutcome() // => [{ notificationId: "n1", attempt: 1, dispatchedAt, targets: [{ channel: "email", to: "pagos@kemper.mx" }] }]
 * @since 0.1.0
 */
export interface AwaitingOutcome {
  readonly notificationId: string
  readonly attempt: number
  readonly dispatchedAt: number
  readonly targets: ReadonlyArray<AvisoTarget>
}

/**
 * The scheduler's work list, ordered by due instant: avisos to dispatch (at the deposit's next
 * window opening or a retry's instant), notifications to deem (at their deemed instant, or the
 * estrados notification day), made notifications whose effect is not yet recorded, and attempts
 * left without outcome.
 * @example makeDueWorkIndex().nextDueAt() // => undefined
 * @since 0.1.0
 */
export interface DueWorkIndex {
  readonly apply: (event: NotificationEvent) => void
  readonly avisos: Pick<DueQueue, "due" | "get" | "size" | "next" | "entries">
  readonly deemed: Pick<DueQueue, "due" | "get" | "size" | "next" | "entries">
  readonly effects: Pick<DueQueue, "due" | "get" | "size" | "next" | "entries">
  readonly awaitingOutcome: () => ReadonlyArray<AwaitingOutcome>
  /** The addressee of a pending notification (the scheduler reads its mailbox's contacts). */
  readonly rfcOf: (notificationId: string) => string | undefined
  /** The earliest instant any work falls due. */
  readonly nextDueAt: () => number | undefined
  /** The index as plain data, for comparing a live index with one rebuilt from the history. */
  readonly snapshot: () => { readonly avisos: ReadonlyArray<DueEntry>; readonly deemed: ReadonlyArray<DueEntry>; readonly effects: ReadonlyArray<DueEntry>; readonly awaiting: ReadonlyArray<AwaitingOutcome> }
}

/**
 * An empty due-work index; feed it every notification event in position order.
 * @example const d = makeDueWorkIndex(); d.apply(actDeposited); d.avisos.due(actDeposited.avisoDueAt) // => [{ key: "n1", dueAt: … }]
 * @since 0.1.0
 */
export const makeDueWorkIndex = (): DueWorkIndex => {
  const avisos = makeDueQueue()
  const deemed = makeDueQueue()
  const effects = makeDueQueue()
  const awaiting = new Map<string, AwaitingOutcome>()
  const rfcs = new Map<string, string>()
  const done = new Set<string>() // made: no aviso or deeming is due any more, whatever arrives later
  const forgetIfIdle = (id: string): void => {
    if (avisos.get(id) === undefined && deemed.get(id) === undefined && effects.get(id) === undefined && !awaiting.has(id)) rfcs.delete(id)
  }
  const apply = (event: NotificationEvent): void => {
    const id = event.notificationId
    switch (event._tag) {
      case "ActDeposited":
        if (rfcs.has(id) || done.has(id)) return
        rfcs.set(id, event.rfc)
        return avisos.set(id, event.avisoDueAt) // DOMAIN §3.2: the next window opening
      case "ActPublishedInEstrados":
        avisos.delete(id)
        if (done.has(id)) return // made already (an attempt in flight failed after an opening): nothing to deem
        return deemed.set(id, event.notifiedAt) // CFF art. 139: notified on the 11th day
      case "AvisoDispatchAttempted":
        avisos.delete(id)
        awaiting.set(id, { notificationId: id, attempt: event.attempt, dispatchedAt: event.dispatchedAt, targets: event.targets })
        return
      case "AvisoRetryScheduled":
        awaiting.delete(id)
        if (!done.has(id)) avisos.set(id, event.retryAt)
        return
      case "AvisoDelivered":
        awaiting.delete(id)
        avisos.delete(id)
        if (!done.has(id)) deemed.set(id, event.deemableAt) // DOMAIN §3.5: 09:30 of the 4th business day
        return
      case "NotificationMade":
        done.add(id)
        avisos.delete(id)
        deemed.delete(id)
        effects.set(id, event.madeAt)
        return
      case "NotificationTookEffect":
        effects.delete(id)
        return forgetIfIdle(id)
      case "AvisoSent":
      case "AvisoFailed":
      case "NotificationOpened":
        return
    }
  }
  const view = (q: DueQueue) => ({ due: q.due, get: q.get, size: q.size, next: q.next, entries: q.entries })
  return {
    apply,
    avisos: view(avisos),
    deemed: view(deemed),
    effects: view(effects),
    awaitingOutcome: () => [...awaiting.values()].sort((a, b) => a.dispatchedAt - b.dispatchedAt || (a.notificationId < b.notificationId ? -1 : 1)),
    rfcOf: (id) => rfcs.get(id),
    nextDueAt: () => {
      const next = [avisos.next(), deemed.next(), effects.next()].filter((at): at is number => at !== undefined)
      return next.length === 0 ? undefined : Math.min(...next)
    },
    snapshot: () => ({ avisos: avisos.entries(), deemed: deemed.entries(), effects: effects.entries(), awaiting: [...awaiting.values()].sort((a, b) => (a.notificationId < b.notificationId ? -1 : 1)) }),
  }
}
