/** The inbox and the due-work index, fed a notification's history event by event. */
import { describe, expect, it } from "vitest"
import {
  ActDeposited,
  ActPublishedInEstrados,
  AvisoDelivered,
  AvisoDispatchAttempted,
  AvisoFailed,
  AvisoRetryScheduled,
  NotificationMade,
  NotificationTookEffect,
} from "../../packages/core/src/notification/events.js"
import { evolveInboxItem, makeDueWorkIndex, makeInboxProjection } from "../../packages/core/src/app/projections.js"

const mx = (local: string): number => Date.parse(`${local}:00-06:00`)
const versions = { calendarVersion: "cal-1", ruleSetVersion: "rules-1" }
const sha = "a".repeat(64)
const deposit = (notificationId: string, depositedAt: number, avisoDueAt: number, rfc = "EKU9003173C9") =>
  new ActDeposited({ notificationId, idempotencyKey: `k-${notificationId}`, rfc, actType: "oficio", reference: `OF-${notificationId}`, contentSha256: sha, issuingUnit: "Subdelegación 1", depositedAt, avisoDueAt, ...versions })
const email = { channel: "email" as const, to: "pagos@kemper.mx" }
const sms = { channel: "sms" as const, to: "+525512345678" }

// DOMAIN §3 worked example: aviso Wed 2026-03-11 → deemed Wed 18 09:30 → takes effect Thu 19.
const n1 = [
  deposit("n1", mx("2026-03-11T08:00"), mx("2026-03-11T09:30")),
  new AvisoDispatchAttempted({ notificationId: "n1", attempt: 1, dispatchedAt: mx("2026-03-11T09:30"), targets: [email, sms] }),
  new AvisoDelivered({ notificationId: "n1", attempt: 1, avisoAt: mx("2026-03-11T09:30"), addresses: [email, sms], openUntil: "2026-03-17", deemableAt: mx("2026-03-18T09:30"), ...versions }),
  new NotificationMade({ notificationId: "n1", basis: "deemed", madeAt: mx("2026-03-18T09:30"), madeOn: "2026-03-18", ...versions }),
  new NotificationTookEffect({ notificationId: "n1", effectiveOn: "2026-03-19", plazos: [{ name: "juicio-contencioso", days: 30, purpose: "procedural", endsOn: "2026-05-06", endsAt: mx("2026-05-06T23:59"), basis: "LFPCA art. 13 fr. I a)" }], ...versions }),
] as const

describe("the inbox", () => {
  it("follows a notification from deposit to effect, with its aviso, made and effect dates and plazos", () => {
    const inbox = makeInboxProjection()
    const statuses: Array<string | undefined> = []
    for (const event of n1) (inbox.apply(event), statuses.push(inbox.item("n1")?.status))
    expect(statuses).toEqual(["awaiting-aviso", "awaiting-aviso", "avisado", "made", "in-effect"])
    expect(inbox.inbox("EKU9003173C9")).toEqual([
      {
        notificationId: "n1", rfc: "EKU9003173C9", actType: "oficio", reference: "OF-n1", contentSha256: sha, depositedAt: mx("2026-03-11T08:00"),
        status: "in-effect", avisoAt: mx("2026-03-11T09:30"), openUntil: n1[2].openUntil, deemableAt: mx("2026-03-18T09:30"),
        madeAt: mx("2026-03-18T09:30"), madeOn: "2026-03-18", madeBasis: "deemed", effectiveOn: "2026-03-19", plazos: n1[4].plazos, ...versions,
      },
    ])
    expect(inbox.inbox("CACX7605101P8")).toEqual([])
  })

  it("answers the same frozen list while an inbox is unchanged, and a new one, newest first, once an event changes it", () => {
    const inbox = makeInboxProjection()
    inbox.apply(n1[0])
    const first = inbox.inbox("EKU9003173C9")
    inbox.apply(deposit("n9", mx("2026-03-12T08:00"), mx("2026-03-12T09:30"), "CACX7605101P8")) // another RFC's inbox
    expect({ same: inbox.inbox("EKU9003173C9") === first, frozen: Object.isFrozen(first) }).toEqual({ same: true, frozen: true })
    inbox.apply(deposit("n2", mx("2026-03-12T08:00"), mx("2026-03-12T09:30")))
    inbox.apply(n1[2])
    const after = inbox.inbox("EKU9003173C9")
    expect({ same: after === first, order: after.map((i) => [i.notificationId, i.status]), before: first.map((i) => [i.notificationId, i.status]) })
      .toEqual({ same: false, order: [["n2", "awaiting-aviso"], ["n1", "avisado"]], before: [["n1", "awaiting-aviso"]] })
  })

  it("keeps the lists of recently read inboxes only: one read long ago is built again, equal but new", () => {
    const inbox = makeInboxProjection()
    const rfcs = Array.from({ length: 1_100 }, (_, i) => `AAA${String(i).padStart(6, "0")}AA${i % 10}`)
    rfcs.forEach((rfc, i) => inbox.apply(deposit(`n${i}`, mx("2026-03-11T08:00"), mx("2026-03-11T09:30"), rfc)))
    const hot = inbox.inbox(rfcs[1]!)
    const cold = inbox.inbox(rfcs[0]!)
    for (const rfc of rfcs.slice(2)) (inbox.inbox(rfc), inbox.inbox(rfcs[1]!)) // rfcs[1] stays hot
    expect({ hot: inbox.inbox(rfcs[1]!) === hot, cold: inbox.inbox(rfcs[0]!) === cold, equal: inbox.inbox(rfcs[0]!) }).toEqual({ hot: true, cold: false, equal: cold })
  })

  it("ignores events of a notification it never saw deposited, and a repeated deposit", () => {
    expect(evolveInboxItem(undefined, n1[3])).toBeUndefined()
    const item = evolveInboxItem(undefined, n1[0])
    expect(evolveInboxItem(item, deposit("n1", 0, 0, "OTHER"))).toBe(item)
  })
})

describe("the due-work index", () => {
  it("moves a notification from aviso due, to awaiting its outcome, to deemed due, to effect, to nothing", () => {
    const due = makeDueWorkIndex()
    const snapshots = n1.map((event) => (due.apply(event), due.snapshot()))
    const none = { avisos: [], deemed: [], effects: [], awaiting: [] }
    expect(snapshots).toEqual([
      { ...none, avisos: [{ key: "n1", dueAt: mx("2026-03-11T09:30") }] },
      { ...none, awaiting: [{ notificationId: "n1", attempt: 1, dispatchedAt: mx("2026-03-11T09:30"), targets: [email, sms] }] },
      { ...none, deemed: [{ key: "n1", dueAt: mx("2026-03-18T09:30") }] },
      { ...none, effects: [{ key: "n1", dueAt: mx("2026-03-18T09:30") }] },
      none,
    ])
    expect(due.rfcOf("n1")).toBeUndefined()
  })

  it("reschedules an aviso at its retry instant, sends estrados acts to their notification day, and orders by due instant", () => {
    const due = makeDueWorkIndex()
    for (const event of [
      deposit("a", mx("2026-03-11T20:00"), mx("2026-03-12T09:30")),
      deposit("b", mx("2026-03-11T10:00"), mx("2026-03-11T10:00")),
      new AvisoDispatchAttempted({ notificationId: "b", attempt: 1, dispatchedAt: mx("2026-03-11T10:00"), targets: [email] }),
      new AvisoFailed({ notificationId: "b", attempt: 1, channel: "email", to: email.to, reason: "timeout", retryable: true, fallbackChannel: null }),
      new AvisoRetryScheduled({ notificationId: "b", attempt: 1, retryAt: mx("2026-03-11T10:15"), backoffMs: 900_000 }),
      deposit("c", mx("2026-03-11T11:00"), mx("2026-03-11T11:00")),
      new ActPublishedInEstrados({ notificationId: "c", reason: "mailbox-not-active", publishedAt: mx("2026-03-11T11:00"), lastPublicationDay: "2026-03-26", notifiedAt: mx("2026-03-27T09:30"), ...versions }),
    ]) due.apply(event)
    expect(due.avisos.due(mx("2026-03-12T09:30"))).toEqual([{ key: "b", dueAt: mx("2026-03-11T10:15") }, { key: "a", dueAt: mx("2026-03-12T09:30") }])
    expect(due.avisos.due(mx("2026-03-11T10:14"))).toEqual([])
    expect(due.deemed.entries()).toEqual([{ key: "c", dueAt: mx("2026-03-27T09:30") }])
    expect({ next: due.nextDueAt(), rfc: due.rfcOf("c") }).toEqual({ next: mx("2026-03-11T10:15"), rfc: "EKU9003173C9" })
  })

  it("drops the aviso, retries, estrados and deeming of a notification made by opening before its aviso went out", () => {
    const due = makeDueWorkIndex()
    due.apply(deposit("d", mx("2026-03-14T10:00"), mx("2026-03-17T09:30")))
    due.apply(new NotificationMade({ notificationId: "d", basis: "opened", madeAt: mx("2026-03-17T09:30"), madeOn: "2026-03-17", ...versions }))
    due.apply(new AvisoDelivered({ notificationId: "d", attempt: 1, avisoAt: mx("2026-03-17T09:30"), addresses: [sms], openUntil: "2026-03-20", deemableAt: mx("2026-03-23T09:30"), ...versions }))
    due.apply(new AvisoRetryScheduled({ notificationId: "d", attempt: 2, retryAt: mx("2026-03-17T10:00"), backoffMs: 1_800_000 }))
    due.apply(new ActPublishedInEstrados({ notificationId: "d", reason: "avisos-undeliverable", publishedAt: mx("2026-03-17T10:00"), lastPublicationDay: "2026-03-31", notifiedAt: mx("2026-04-01T09:30"), ...versions }))
    expect(due.snapshot()).toEqual({ avisos: [], deemed: [], effects: [{ key: "d", dueAt: mx("2026-03-17T09:30") }], awaiting: [] })
  })
})
