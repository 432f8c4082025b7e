/**
 * The timing audit: a pure function that rechecks every notification's timeline in a history
 * against the rules of DOMAIN §3–4 with a given calendar, and lists what is wrong. Time passes
 * through events (the scheduler turns elapsed time into commands), so the history alone says whether
 * each rule held. Fed a correct history it finds nothing.
 *
 * @since 0.1.0
 */
import { dayOf } from "../calendar/calendar.js"
import type { Calendar } from "../calendar/calendar.js"
import type { RecordedEvent } from "../eventstore/EventStore.js"
import { canonicalJson } from "../evidence/canonicalJson.js"
import { deemedAt, effectiveOn, openUntil } from "../timing/notified.js"
import { estrados } from "../timing/estrados.js"
import { plazos } from "../timing/plazos.js"
import { avisoAt, isInsideWindow } from "../timing/window.js"
import { notificationCodec } from "./decider.js"
import type { AvisoDelivered, NotificationEvent, NotificationMade } from "./events.js"
import { estradosMadeAt, plazoRecords } from "./made.js"
import { openingCounts } from "./opening.js"

/** What the audit can find; each kind is a stable code. @since 0.1.0 */
export type ViolationKind =
  | "undecodable-event" // a notification stream holds an event the codec cannot read
  | "unauditable" // an instant or day so far out of range that the rules cannot be evaluated on it
  | "deposit-missing" // events for a notification with no ActDeposited first
  | "calendar-version-mismatch" // a timing event was computed with another calendar than the one audited with
  | "aviso-due-wrong" // avisoDueAt is not the next window opening after the deposit (DOMAIN §3.2)
  | "aviso-outside-window" // a dispatch or the aviso instant is outside business days 09:30–18:00
  | "aviso-before-due" // a dispatch before the act's aviso was due, or before its scheduled retry
  | "aviso-not-first-success" // the aviso instant is not the first successful dispatch, or none was fixed
  | "aviso-window-wrong" // openUntil / deemableAt do not follow from the aviso (DOMAIN §3.3, §3.5)
  | "estrados-wrong" // the estrados dates do not follow from the publication (CFF art. 139)
  | "acuse-counts-wrong" // an acuse's countsAsMadeAt is not what DOMAIN §3.4 gives
  | "made-twice" // more than one NotificationMade
  | "made-without-grounds" // made with neither an opening, an aviso nor estrados
  | "made-on-wrong-basis" // opened / deemed / estrados does not match the history
  | "made-at-wrong-instant" // madeAt (or madeOn) is not the instant the rules give
  | "made-recorded-early" // deemed or estrados made recorded before the instant it is made at
  | "effect-twice" // more than one NotificationTookEffect
  | "effect-missing" // made, but no NotificationTookEffect
  | "effect-without-made" // takes effect without having been made
  | "effect-day-wrong" // not the business day after the made day (CFF art. 135)
  | "plazos-wrong" // plazos do not run from the effect day as DOMAIN §4 says
  | "event-after-made" // an aviso dispatched, delivered or retried, or estrados, after the notification was made

/** One finding. `index` is the event's place in the notification's own history (0-based). @since 0.1.0 */
export interface Violation {
  readonly notificationId: string
  readonly kind: ViolationKind
  readonly index: number
  readonly detail: string
}

/** An event to audit, with its recording instant when known. */
interface Audited {
  readonly event: NotificationEvent
  readonly recordedAt: number | undefined
}

const isRecorded = (e: RecordedEvent | NotificationEvent): e is RecordedEvent => "streamName" in e && "type" in e

const iso = (instant: number): string => (Math.abs(instant) <= 8.64e15 ? new Date(instant).toISOString() : String(instant)) // corrupt data must not throw

type Report = (kind: ViolationKind, index: number, detail: string) => void

/** The basis and instant the rules give, from the facts before the first made event. */
const expectedMade = (history: ReadonlyArray<Audited>, calendar: Calendar): { basis: NotificationMade["basis"]; madeAt: number } | undefined => {
  let aviso: AvisoDelivered | undefined
  for (const { event } of history) {
    if (event._tag === "ActPublishedInEstrados") return { basis: "estrados", madeAt: event.notifiedAt }
    if (event._tag === "AvisoDelivered") aviso ??= event
    if (event._tag === "NotificationOpened") {
      const counts = openingCounts(calendar, event.authenticatedAt, aviso?.deemableAt)
      return counts ?? (aviso === undefined ? undefined : { basis: "deemed", madeAt: aviso.deemableAt })
    }
    if (event._tag === "NotificationMade") break
  }
  return aviso === undefined ? undefined : { basis: "deemed", madeAt: aviso.deemableAt }
}

const checkAvisos = (history: ReadonlyArray<Audited>, calendar: Calendar, report: Report): void => {
  const dispatchedAt = new Map<number, number>()
  let firstSuccess: number | undefined
  let delivered = false
  let made = false
  let dueAt = Number.NEGATIVE_INFINITY // without a deposit, deposit-missing says it all
  history.forEach(({ event }, i) => {
    switch (event._tag) {
      case "ActDeposited":
        dueAt = event.avisoDueAt
        break
      case "AvisoDispatchAttempted":
        if (made) report("event-after-made", i, `attempt ${event.attempt} after the notification was made`)
        if (event.dispatchedAt < dueAt) report("aviso-before-due", i, `attempt ${event.attempt} at ${iso(event.dispatchedAt)}, due ${iso(dueAt)}`)
        dispatchedAt.set(event.attempt, event.dispatchedAt)
        if (!isInsideWindow(calendar, event.dispatchedAt)) report("aviso-outside-window", i, `attempt ${event.attempt} at ${iso(event.dispatchedAt)}`)
        break
      case "AvisoSent":
        firstSuccess ??= event.attempt
        break
      case "AvisoDelivered": {
        if (made) report("event-after-made", i, "aviso delivered after the notification was made")
        if (delivered) { report("aviso-not-first-success", i, "a second aviso instant was fixed"); break }
        delivered = true
        if (!isInsideWindow(calendar, event.avisoAt)) report("aviso-outside-window", i, `aviso instant ${iso(event.avisoAt)}`)
        if (event.attempt !== firstSuccess || event.avisoAt !== dispatchedAt.get(event.attempt))
          report("aviso-not-first-success", i, `aviso fixed at attempt ${event.attempt} (${iso(event.avisoAt)}); first success was attempt ${String(firstSuccess)}`)
        if (event.openUntil !== openUntil(calendar, event.avisoAt) || event.deemableAt !== deemedAt(calendar, event.avisoAt))
          report("aviso-window-wrong", i, `open until ${event.openUntil}, deemable ${iso(event.deemableAt)}`)
        break
      }
      case "AvisoRetryScheduled":
        dueAt = event.retryAt
        if (made) report("event-after-made", i, `${event._tag} after the notification was made`)
        break
      case "ActPublishedInEstrados":
        if (made) report("event-after-made", i, `${event._tag} after the notification was made`)
        break
      case "NotificationMade":
        made = true
        break
      default:
    }
  })
  if (firstSuccess !== undefined && !delivered && !made) report("aviso-not-first-success", history.length - 1, "an aviso was sent but no aviso instant was fixed")
}

const checkOpenings = (history: ReadonlyArray<Audited>, calendar: Calendar, report: Report): void => {
  let deemable: number | undefined
  let made = false
  let opened = false
  history.forEach(({ event }, i) => {
    if (event._tag === "AvisoDelivered") deemable ??= event.deemableAt
    if (event._tag === "NotificationMade") made = true
    if (event._tag !== "NotificationOpened") return
    const counts = made || opened ? null : openingCounts(calendar, event.authenticatedAt, deemable)
    const expected = counts?.basis === "opened" ? counts.madeAt : null
    opened = true
    if (event.countsAsMadeAt !== expected)
      report("acuse-counts-wrong", i, `counts as ${event.countsAsMadeAt === null ? "nothing" : iso(event.countsAsMadeAt)}, expected ${expected === null ? "nothing" : iso(expected)}`)
  })
}

const checkDepositAndEstrados = (history: ReadonlyArray<Audited>, calendar: Calendar, report: Report): void => {
  history.forEach(({ event }, i) => {
    if ("calendarVersion" in event && event.calendarVersion !== calendar.version)
      report("calendar-version-mismatch", i, `${event._tag} computed with calendar ${event.calendarVersion}, audited with ${calendar.version}`)
    if (event._tag === "ActDeposited" && event.avisoDueAt !== avisoAt(calendar, event.depositedAt))
      report("aviso-due-wrong", i, `deposited ${iso(event.depositedAt)}, aviso due ${iso(event.avisoDueAt)}`)
    if (event._tag === "ActPublishedInEstrados") {
      const published = estrados(calendar, event.publishedAt) // CFF art. 139
      if (event.lastPublicationDay !== published.publishedUntil || event.notifiedAt !== estradosMadeAt(calendar, published.notifiedOn))
        report("estrados-wrong", i, `published ${iso(event.publishedAt)}: until ${event.lastPublicationDay}, notified ${iso(event.notifiedAt)}`)
    }
  })
}

const checkMade = (history: ReadonlyArray<Audited>, calendar: Calendar, report: Report): void => {
  const madeAt = history.findIndex(({ event }) => event._tag === "NotificationMade")
  const effects = history.flatMap(({ event }, i) => (event._tag === "NotificationTookEffect" ? [{ event, i }] : []))
  history.forEach(({ event }, i) => {
    if (event._tag === "NotificationMade" && i !== madeAt) report("made-twice", i, `made again at ${iso(event.madeAt)}`)
  })
  effects.slice(1).forEach(({ i }) => report("effect-twice", i, "takes effect a second time"))
  const first = history[madeAt]
  if (first === undefined || first.event._tag !== "NotificationMade") {
    effects.forEach(({ i }) => report("effect-without-made", i, "takes effect but was never made"))
    return
  }
  const made = first.event
  const expected = expectedMade(history, calendar)
  if (expected === undefined) report("made-without-grounds", madeAt, `made ${made.basis} with no opening, aviso or estrados before it`)
  else {
    if (made.basis !== expected.basis) report("made-on-wrong-basis", madeAt, `basis ${made.basis}, expected ${expected.basis}`)
    if (made.madeAt !== expected.madeAt) report("made-at-wrong-instant", madeAt, `made at ${iso(made.madeAt)}, expected ${iso(expected.madeAt)}`)
  }
  if (made.madeOn !== dayOf(calendar, made.madeAt)) report("made-at-wrong-instant", madeAt, `made on ${made.madeOn}, but ${iso(made.madeAt)} is not that day`)
  // DOMAIN §3.5: a deemed notification cannot be recorded before the open window is over.
  if (made.basis !== "opened" && first.recordedAt !== undefined && first.recordedAt < made.madeAt)
    report("made-recorded-early", madeAt, `recorded ${iso(first.recordedAt)}, before it is made at ${iso(made.madeAt)}`)
  const effect = effects[0]
  if (effect === undefined) return report("effect-missing", madeAt, "made, but never takes effect")
  const day = effectiveOn(calendar, made.madeAt) // CFF art. 135
  if (effect.event.effectiveOn !== day) report("effect-day-wrong", effect.i, `takes effect ${effect.event.effectiveOn}, expected ${day}`)
  const expectedPlazos = plazoRecords(plazos(calendar, effect.event.effectiveOn)) // RCFF art. 7; DOMAIN §4
  if (canonicalJson(effect.event.plazos as never) !== canonicalJson(expectedPlazos as never))
    report("plazos-wrong", effect.i, `plazos from ${effect.event.effectiveOn} differ from DOMAIN §4`)
}

const group = (events: ReadonlyArray<RecordedEvent | NotificationEvent>, violations: Array<Violation>): Map<string, Array<Audited>> => {
  const byId = new Map<string, Array<Audited>>()
  for (const input of events) {
    let audited: Audited
    if (isRecorded(input)) {
      if (!input.streamName.startsWith("notification-")) continue
      try {
        audited = { event: notificationCodec.decode(input.type, input.data), recordedAt: input.recordedAt }
      } catch {
        const id = input.streamName.slice("notification-".length)
        violations.push({ notificationId: id, kind: "undecodable-event", index: input.version - 1, detail: `${input.type} v${input.version}` })
        continue
      }
    } else audited = { event: input, recordedAt: undefined }
    const list = byId.get(audited.event.notificationId) ?? []
    list.push(audited)
    byId.set(audited.event.notificationId, list)
  }
  return byId
}

/**
 * Rechecks every notification in a history against DOMAIN §3–4 with `calendar` and lists the
 * violations, each with a stable `kind` (see {@link ViolationKind}). Other streams are ignored.
 * Accepts stored events (decoded here; their `recordedAt` is checked too) or decoded events.
 * Where notifications were decided with different calendars (a domicile legal zone, DOMAIN §3.8),
 * pass a function that answers each notification's calendar.
 * @example auditNotifications(store.readAll({ after: 0 }), cff2026) // => [] for a correct history
 * @since 0.1.0
 */
export const auditNotifications = (
  events: ReadonlyArray<RecordedEvent | NotificationEvent>,
  calendarOf: Calendar | ((notificationId: string) => Calendar),
): Array<Violation> => {
  const violations: Array<Violation> = []
  for (const [notificationId, history] of group(events, violations)) {
    const calendar = typeof calendarOf === "function" ? calendarOf(notificationId) : calendarOf
    const report: Report = (kind, index, detail) => violations.push({ notificationId, kind, index, detail })
    if (history[0]?.event._tag !== "ActDeposited") report("deposit-missing", 0, "the history does not start with ActDeposited")
    try {
      checkDepositAndEstrados(history, calendar, report)
      checkAvisos(history, calendar, report)
      checkOpenings(history, calendar, report)
      checkMade(history, calendar, report)
    } catch (cause) { // the calendar cannot place a corrupt instant (e.g. year 300 000): say so, audit the rest
      report("unauditable", 0, cause instanceof Error ? cause.message : String(cause))
    }
  }
  return violations
}
