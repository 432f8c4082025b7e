import { describe, expect, it } from "vitest"
import { inZone } from "../calendar/calendar.js"
import type { RecordedEvent } from "../eventstore/EventStore.js"
import { auditNotifications } from "./audit.js"
import type { ViolationKind } from "./audit.js"
import { notificationCodec } from "./decider.js"
import { AvisoDispatchAttempted, AvisoSent, NotificationMade, NotificationTookEffect } from "./events.js"
import type { NotificationEvent } from "./events.js"
import {
  at, avisadoSteps, cff2026, deposit, dispatch, failedAll, fiel, historyOf, markDeemed, mx, N1, open, sentAll,
} from "./specFixtures.js"

/** A copy of the first event with this tag (from `nth`), with some fields changed. */
const alter = <T extends NotificationEvent>(events: ReadonlyArray<NotificationEvent>, tag: T["_tag"], change: Partial<T>, nth = 0): Array<NotificationEvent> => {
  let seen = -1
  return events.map((event) => {
    if (event._tag !== tag || ++seen !== nth) return event
    const { _tag, ...fields } = event as T
    const Class = event.constructor as new (fields: object) => NotificationEvent
    return new Class({ ...fields, ...change })
  })
}
const kinds = (events: ReadonlyArray<RecordedEvent | NotificationEvent>): Array<[ViolationKind, number]> =>
  auditNotifications(events, cff2026).map((v) => [v.kind, v.index])
const recorded = (events: ReadonlyArray<NotificationEvent>, recordedAt: ReadonlyArray<number>): Array<RecordedEvent> =>
  events.map((e, i) => ({ ...notificationCodec.encode(e), metadata: {}, streamName: `notification-${e.notificationId}`, version: i + 1, position: i + 1, recordedAt: recordedAt[i] ?? 0 }))

const deemed = () => historyOf(...avisadoSteps, [markDeemed, at("2026-03-18T09:30")])
const openedInTime = () => historyOf(...avisadoSteps, [open(), at("2026-03-12T10:00")])
const estradosMade = () => historyOf([deposit({ mailbox: { active: false, verifiedContacts: [] } }), at("2026-03-02T12:00")], [markDeemed, at("2026-03-18T09:30")])
const retried = () => historyOf(
  [deposit(), at("2026-03-11T09:00")], [dispatch, at("2026-03-11T09:30")], [failedAll(1), at("2026-03-11T09:31")],
  [dispatch, at("2026-03-11T17:59")], [sentAll(2, mx("2026-03-11T17:59:01")), at("2026-03-11T17:59:02")], [markDeemed, at("2026-03-18T10:00")],
)

describe("auditNotifications: correct histories", () => {
  it("finds nothing in histories the decider produced: opened, deemed, deemed then opened late, estrados, retried, opened before the aviso", () => {
    const lateOpening = historyOf(...avisadoSteps, [markDeemed, at("2026-03-18T09:30")], [open(fiel.representative), at("2026-03-19T10:00")])
    const openedEarly = historyOf([deposit(), at("2026-03-11T09:00")], [open(), at("2026-03-11T08:00")])
    const otherAct = historyOf([deposit({ notificationId: "n2", idempotencyKey: "k-2" }), at("2026-03-11T09:00")])
    for (const history of [openedInTime(), deemed(), lateOpening, estradosMade(), retried(), openedEarly, otherAct])
      expect(auditNotifications(history, cff2026)).toEqual([])
  })

  it("audits each notification with its own calendar when one was decided in a domicile zone (DOMAIN §3.8)", () => {
    const juarez = inZone(cff2026, "America/Ciudad_Juarez")
    // Wed 14 Jan 2026 09:00 in Mexico City is 08:00 in Ciudad Juárez (UTC−7 in winter): the aviso is due at 10:30 Mexico City time.
    const local = historyOf([deposit({ notificationId: "n2", idempotencyKey: "k-2" }), { now: mx("2026-01-14T09:00"), calendar: juarez }])
    expect(local[0]).toMatchObject({ _tag: "ActDeposited", avisoDueAt: mx("2026-01-14T10:30") })
    const calendars = (id: string) => (id === "n2" ? juarez : cff2026)
    expect(auditNotifications([...deemed(), ...local], calendars)).toEqual([])
    expect(auditNotifications([...deemed(), ...local], cff2026).map((v) => [v.notificationId, v.kind])).toEqual([["n2", "calendar-version-mismatch"], ["n2", "aviso-due-wrong"]])
  })

  it("checks stored events too, with their recording instants, and ignores other streams", () => {
    const events = deemed()
    const times = events.map((_, i) => (i < events.length - 2 ? mx("2026-03-11T09:30") : mx("2026-03-18T09:30:01")))
    const mailbox: RecordedEvent = { type: "EnrollmentStarted", data: {}, metadata: {}, streamName: "mailbox-EKU9003173C9", version: 1, position: 99, recordedAt: 0 }
    expect(auditNotifications([...recorded(events, times), mailbox], cff2026)).toEqual([])
  })
})

describe("auditNotifications: each kind of corrupted history", () => {
  it("undecodable-event", () =>
    expect(kinds([{ type: "ActDeposited", data: { notificationId: N1 }, metadata: {}, streamName: "notification-n1", version: 1, position: 1, recordedAt: 0 }]))
      .toEqual([["undecodable-event", 0]]))

  it("unauditable: an instant the calendar cannot place is reported, not thrown, and other notifications are still audited", () => {
    const corrupt = alter(deemed(), "ActDeposited", { depositedAt: 1e20 })
    const other = alter(historyOf([deposit({ notificationId: "n2", idempotencyKey: "k-2" }), at("2026-03-11T09:00")]), "ActDeposited", { avisoDueAt: 0 })
    expect(auditNotifications([...corrupt, ...other], cff2026).map((v) => [v.notificationId, v.kind])).toEqual([["n1", "unauditable"], ["n2", "aviso-due-wrong"]])
  })

  it("deposit-missing", () => expect(kinds(deemed().slice(1))).toEqual([["deposit-missing", 0]]))

  it("calendar-version-mismatch names the event computed with another calendar", () =>
    expect(auditNotifications(alter(deemed(), "NotificationMade", { calendarVersion: "other" }), cff2026)).toEqual([
      { notificationId: N1, kind: "calendar-version-mismatch", index: 5, detail: `NotificationMade computed with calendar other, audited with ${cff2026.version}` },
    ]))

  it("aviso-due-wrong", () => expect(kinds(alter(deemed(), "ActDeposited", { avisoDueAt: mx("2026-03-11T09:00") }))).toEqual([["aviso-due-wrong", 0]]))

  it("aviso-outside-window: a dispatch at 18:00 and the aviso instant fixed by it", () => {
    const late = alter(alter(deemed(), "AvisoDispatchAttempted", { dispatchedAt: mx("2026-03-11T18:00") }), "AvisoDelivered", { avisoAt: mx("2026-03-11T18:00") })
    expect(kinds(late)).toEqual([["aviso-outside-window", 1], ["aviso-outside-window", 4]])
  })

  it("aviso-not-first-success: the aviso fixed at attempt 2 though attempt 1 already reached the email", () => {
    const history = retried() // attempt 1 failed (events 2, 3), attempt 2 delivered (event 8)
    const reached = new AvisoSent({ notificationId: N1, attempt: 1, channel: "email", to: "pagos@escuela-kemper.mx", providerId: "p-1", acceptedAt: mx("2026-03-11T09:30:01") })
    expect(kinds(history.map((e, i) => (i === 2 ? reached : e)))).toEqual([["aviso-not-first-success", 8]])
  })

  it("aviso-before-due: an aviso dispatched before the act was deposited, and a retry before its backoff ended", () => {
    const early = alter(alter(deemed(), "AvisoDispatchAttempted", { dispatchedAt: mx("2026-03-10T10:00") }), "AvisoDelivered", {
      avisoAt: mx("2026-03-10T10:00"), openUntil: "2026-03-13", deemableAt: mx("2026-03-17T09:30"),
    })
    expect(kinds(early)).toEqual([["aviso-before-due", 1], ["made-at-wrong-instant", 5]])
    const hasty = alter(retried(), "AvisoDispatchAttempted", { dispatchedAt: mx("2026-03-11T09:40") }, 1)
    expect(kinds(hasty)).toEqual([["aviso-before-due", 5], ["aviso-not-first-success", 8]])
  })

  it("aviso-not-first-success: an aviso sent but no aviso instant fixed", () =>
    expect(kinds(historyOf(...avisadoSteps).filter((e) => e._tag !== "AvisoDelivered"))).toEqual([["aviso-not-first-success", 3]]))

  it("aviso-window-wrong: a deemed instant a day late", () =>
    expect(kinds(alter(historyOf(...avisadoSteps), "AvisoDelivered", { deemableAt: mx("2026-03-19T09:30") }))).toEqual([["aviso-window-wrong", 4]]))

  it("estrados-wrong: notified on the 10th day instead of the 11th", () =>
    expect(kinds(alter(estradosMade(), "ActPublishedInEstrados", { notifiedAt: mx("2026-03-17T09:30") })))
      .toEqual([["estrados-wrong", 1], ["made-at-wrong-instant", 2]]))

  it("acuse-counts-wrong: an 08:00 opening said to count at 08:00", () => {
    const early = historyOf(...avisadoSteps, [open(), at("2026-03-17T08:00")])
    expect(kinds(alter(early, "NotificationOpened", { countsAsMadeAt: mx("2026-03-17T08:00") }))).toEqual([["acuse-counts-wrong", 5]])
  })

  it("made-twice and effect-twice", () => {
    const twice = [...deemed(), new NotificationMade({ notificationId: N1, basis: "deemed", madeAt: mx("2026-03-18T09:30"), madeOn: "2026-03-18", calendarVersion: cff2026.version, ruleSetVersion: cff2026.ruleSetVersion }), deemed().at(-1)!]
    expect(kinds(twice)).toEqual([["made-twice", 7], ["effect-twice", 8]])
  })

  it("made-without-grounds: deemed with no aviso", () =>
    expect(kinds(deemed().filter((e) => !e._tag.startsWith("Aviso")))).toEqual([["made-without-grounds", 1]]))

  it("made-on-wrong-basis and made-at-wrong-instant: an opening in time recorded as deemed at the deemed instant", () =>
    expect(kinds(alter(openedInTime(), "NotificationMade", { basis: "deemed", madeAt: mx("2026-03-18T09:30"), madeOn: "2026-03-18" })))
      .toEqual([["made-on-wrong-basis", 6], ["made-at-wrong-instant", 6], ["effect-day-wrong", 7]]))

  it("made-at-wrong-instant: madeOn not the day of madeAt", () =>
    expect(kinds(alter(deemed(), "NotificationMade", { madeOn: "2026-03-17" }))).toEqual([["made-at-wrong-instant", 5]]))

  it("made-recorded-early: deemed recorded on day 3, before the window was over", () => {
    const events = deemed()
    expect(kinds(recorded(events, events.map(() => mx("2026-03-17T12:00"))))).toEqual([["made-recorded-early", 5]])
  })

  it("effect-missing and effect-without-made", () => {
    expect(kinds(deemed().slice(0, -1))).toEqual([["effect-missing", 5]])
    expect(kinds(deemed().filter((e) => e._tag !== "NotificationMade"))).toEqual([["effect-without-made", 5]])
  })

  it("effect-day-wrong: effect on the made day; plazos-wrong: a plazo a day short", () => {
    expect(kinds(alter(deemed(), "NotificationTookEffect", { effectiveOn: "2026-03-18" }))).toEqual([["effect-day-wrong", 6], ["plazos-wrong", 6]])
    const effect = deemed().at(-1) as NotificationTookEffect
    const short = effect.plazos.map((p, i) => (i === 0 ? { ...p, endsOn: "2026-03-25" } : p))
    expect(kinds(alter(deemed(), "NotificationTookEffect", { plazos: short }))).toEqual([["plazos-wrong", 6]])
  })

  it("event-after-made: an aviso dispatched after an opening made it", () => {
    const history = historyOf([deposit(), at("2026-03-11T09:00")], [open(), at("2026-03-11T10:00")])
    const attempt = new AvisoDispatchAttempted({ notificationId: N1, attempt: 1, dispatchedAt: mx("2026-03-11T10:30"), targets: [] })
    expect(kinds([...history, attempt])).toEqual([["event-after-made", 4]])
    const publication = historyOf([deposit({ mailbox: { active: false, verifiedContacts: [] } }), at("2026-03-11T10:30")])[1]!
    expect(kinds([...history, publication])).toEqual([["event-after-made", 4]])
  })
})
