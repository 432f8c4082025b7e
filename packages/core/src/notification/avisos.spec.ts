import { describe, expect, it } from "vitest"
import { deciderSpec, expectIdempotent } from "../testing/deciderSpec.js"
import { DispatchAviso, RecordAvisoOutcomes } from "./commands.js"
import { notificationDecider } from "./decider.js"
import { AvisoNotDue, OutsideNotificationWindow, UnknownAvisoAttempt, UnknownNotification } from "./errors.js"
import { ActPublishedInEstrados, AvisoDelivered, AvisoDispatchAttempted, AvisoFailed, AvisoRetryScheduled, AvisoSent } from "./events.js"
import { at, cff2026, contacts, deposit, dispatch, failedAll, historyOf, mx, N1, open, sentAll } from "./specFixtures.js"

const spec = deciderSpec(notificationDecider)
const versions = { calendarVersion: cff2026.version, ruleSetVersion: cff2026.ruleSetVersion }
const depositedWed = () => historyOf([deposit(), at("2026-03-11T09:00")]) // aviso due Wed 11 Mar 09:30
const attempting = () => historyOf([deposit(), at("2026-03-11T09:00")], [dispatch, at("2026-03-11T09:30")])
const [email, sms] = contacts as [(typeof contacts)[0], (typeof contacts)[0]]

describe("DispatchAviso", () => {
  it("starts attempt 1 to every verified contact at the window opening (09:30:00.000 is inside)", () =>
    spec.given(depositedWed()).when(dispatch, at("2026-03-11T09:30"))
      .then([new AvisoDispatchAttempted({ notificationId: N1, attempt: 1, dispatchedAt: mx("2026-03-11T09:30"), targets: contacts })]))

  it("refuses at 18:00:00.000 (outside) and names the next window opening, Thursday 09:30", () =>
    spec.given(depositedWed()).when(dispatch, at("2026-03-11T18:00"))
      .thenFails(new OutsideNotificationWindow({ notificationId: N1, at: mx("2026-03-11T18:00"), nextWindowAt: mx("2026-03-12T09:30") })))

  it("refuses on a holiday (Mon 16 Mar 2026) even inside 09:30–18:00", () =>
    spec.given(historyOf([deposit(), at("2026-03-13T18:30")])).when(dispatch, at("2026-03-16T10:00"))
      .thenFails(new AvisoNotDue({ notificationId: N1, dueAt: mx("2026-03-17T09:30") })))

  it("refuses before the aviso is due", () =>
    spec.given(depositedWed()).when(dispatch, at("2026-03-11T09:29:59.999"))
      .thenFails(new AvisoNotDue({ notificationId: N1, dueAt: mx("2026-03-11T09:30") })))

  it("decides nothing while an attempt is in flight, or once delivered", () => {
    spec.given(attempting()).when(dispatch, at("2026-03-11T09:31")).thenNothing()
    const delivered = historyOf([deposit(), at("2026-03-11T09:00")], [dispatch, at("2026-03-11T09:30")], [sentAll(1, mx("2026-03-11T09:30:02")), at("2026-03-11T09:30:03")])
    spec.given(delivered).when(dispatch, at("2026-03-11T11:00")).thenNothing()
  })

  it("without any verified contact left, publishes in estrados (DOMAIN §2, last paragraph)", () =>
    spec.given(depositedWed()).when(new DispatchAviso({ notificationId: N1, targets: [] }), at("2026-03-11T10:00")).then([
      new ActPublishedInEstrados({
        notificationId: N1, reason: "no-verified-contacts", publishedAt: mx("2026-03-11T10:00"),
        lastPublicationDay: "2026-03-26", notifiedAt: mx("2026-03-27T09:30"), ...versions,
      }),
    ]))

  it("decides nothing for an act in estrados (there is no mailbox delivery), and refuses an unknown notification", () => {
    const estrados = historyOf([deposit({ mailbox: { active: false, verifiedContacts: [] } }), at("2026-03-02T12:00")])
    spec.given(estrados).when(dispatch, at("2026-03-03T10:00")).thenNothing()
    spec.given([]).when(dispatch, at("2026-03-03T10:00")).thenFails(new UnknownNotification({ notificationId: N1 }))
  })
})

describe("RecordAvisoOutcomes", () => {
  it("the first successful dispatch fixes the aviso instant, the open window (day 3 Tue 17) and the deemed instant", () =>
    spec.given(attempting()).when(sentAll(1, mx("2026-03-11T09:30:02")), at("2026-03-11T09:30:03")).then([
      new AvisoSent({ notificationId: N1, attempt: 1, ...email, providerId: "prov-1-0", acceptedAt: mx("2026-03-11T09:30:02") }),
      new AvisoSent({ notificationId: N1, attempt: 1, ...sms, providerId: "prov-1-1", acceptedAt: mx("2026-03-11T09:30:02") }),
      new AvisoDelivered({
        notificationId: N1, attempt: 1, avisoAt: mx("2026-03-11T09:30"), addresses: contacts,
        openUntil: "2026-03-17", deemableAt: mx("2026-03-18T09:30"), ...versions,
      }),
    ]))

  it("when email fails, records the failure and that sms carried the aviso", () =>
    spec.given(attempting()).when(new RecordAvisoOutcomes({ notificationId: N1, attempt: 1, outcomes: [
      { ...email, sent: false, reason: "550 mailbox unavailable", retryable: false },
      { ...sms, sent: true, providerId: "sms-77", acceptedAt: mx("2026-03-11T09:30:05") },
    ] }), at("2026-03-11T09:30:06")).then([
      new AvisoFailed({ notificationId: N1, attempt: 1, ...email, reason: "550 mailbox unavailable", retryable: false, fallbackChannel: "sms" }),
      new AvisoSent({ notificationId: N1, attempt: 1, ...sms, providerId: "sms-77", acceptedAt: mx("2026-03-11T09:30:05") }),
      new AvisoDelivered({
        notificationId: N1, attempt: 1, avisoAt: mx("2026-03-11T09:30"), addresses: [sms],
        openUntil: "2026-03-17", deemableAt: mx("2026-03-18T09:30"), ...versions,
      }),
    ]))

  it("when every contact fails and may succeed later, schedules a retry 15 minutes on", () =>
    spec.given(attempting()).when(failedAll(1), at("2026-03-11T09:31")).then([
      new AvisoFailed({ notificationId: N1, attempt: 1, ...email, reason: "timeout", retryable: true, fallbackChannel: null }),
      new AvisoFailed({ notificationId: N1, attempt: 1, ...sms, reason: "timeout", retryable: true, fallbackChannel: null }),
      new AvisoRetryScheduled({ notificationId: N1, attempt: 1, backoffMs: 900_000, retryAt: mx("2026-03-11T09:46") }),
    ]))

  it("a retry whose backoff ends after 18:00 is due at the next window opening", () => {
    const late = historyOf([deposit(), at("2026-03-11T09:00")], [dispatch, at("2026-03-11T17:50")])
    spec.given(late).when(failedAll(1), at("2026-03-11T17:51")).then((events) =>
      expect(events.at(-1)).toEqual(new AvisoRetryScheduled({ notificationId: N1, attempt: 1, backoffMs: 900_000, retryAt: mx("2026-03-12T09:30") })))
  })

  it("the aviso instant is the first SUCCESSFUL dispatch: attempt 2, after a failed attempt 1", () => {
    const retried = historyOf(
      [deposit(), at("2026-03-11T09:00")], [dispatch, at("2026-03-11T09:30")], [failedAll(1), at("2026-03-11T09:31")],
    )
    spec.given(retried).when(dispatch, at("2026-03-11T09:45")).thenFails(new AvisoNotDue({ notificationId: N1, dueAt: mx("2026-03-11T09:46") }))
    spec.given(retried).when(dispatch, at("2026-03-11T09:46"))
      .then([new AvisoDispatchAttempted({ notificationId: N1, attempt: 2, dispatchedAt: mx("2026-03-11T09:46"), targets: contacts })])
    const inFlight = [...retried, new AvisoDispatchAttempted({ notificationId: N1, attempt: 2, dispatchedAt: mx("2026-03-11T09:46"), targets: contacts })]
    spec.given(inFlight).when(sentAll(2, mx("2026-03-11T09:46:01")), at("2026-03-11T09:46:02")).then((events) =>
      expect(events.at(-1)).toEqual(new AvisoDelivered({
        notificationId: N1, attempt: 2, avisoAt: mx("2026-03-11T09:46"), addresses: contacts,
        openUntil: "2026-03-17", deemableAt: mx("2026-03-18T09:30"), ...versions,
      })))
  })

  it("when no contact can be reached (a permanent failure), publishes in estrados", () =>
    spec.given(attempting()).when(failedAll(1, false), at("2026-03-11T09:31")).then((events) =>
      expect(events.at(-1)).toEqual(new ActPublishedInEstrados({
        notificationId: N1, reason: "avisos-undeliverable", publishedAt: mx("2026-03-11T09:31"),
        lastPublicationDay: "2026-03-26", notifiedAt: mx("2026-03-27T09:30"), ...versions,
      }))))

  it("after the 5th failed attempt, publishes in estrados", () => {
    // Backoffs 15, 30, 60, 120 minutes: attempts at 09:30, 10:00, 10:45, 12:00, 14:15.
    const history = historyOf(
      [deposit(), at("2026-03-11T09:00")],
      [dispatch, at("2026-03-11T09:30")], [failedAll(1), at("2026-03-11T09:45")],
      [dispatch, at("2026-03-11T10:00")], [failedAll(2), at("2026-03-11T10:15")],
      [dispatch, at("2026-03-11T10:45")], [failedAll(3), at("2026-03-11T11:00")],
      [dispatch, at("2026-03-11T12:00")], [failedAll(4), at("2026-03-11T12:15")],
      [dispatch, at("2026-03-11T14:15")],
    )
    spec.given(history).when(failedAll(5), at("2026-03-11T14:16")).then((events) =>
      expect(events.at(-1)).toEqual(new ActPublishedInEstrados({
        notificationId: N1, reason: "avisos-undeliverable", publishedAt: mx("2026-03-11T14:16"),
        lastPublicationDay: "2026-03-26", notifiedAt: mx("2026-03-27T09:30"), ...versions,
      })))
  })

  it("an empty list of outcomes records nothing and leaves the attempt in flight", () =>
    spec.given(attempting()).when(new RecordAvisoOutcomes({ notificationId: N1, attempt: 1, outcomes: [] }), at("2026-03-11T09:31")).thenNothing())

  it("a repeated outcome decides nothing; an attempt never started is refused", () => {
    const delivered = historyOf([deposit(), at("2026-03-11T09:00")], [dispatch, at("2026-03-11T09:30")], [sentAll(1, 0), at("2026-03-11T09:31")])
    spec.given(delivered).when(sentAll(1, 0), at("2026-03-11T09:32")).thenNothing()
    spec.given(attempting()).when(sentAll(2, 0), at("2026-03-11T09:32")).thenFails(new UnknownAvisoAttempt({ notificationId: N1, attempt: 2 }))
  })

  it("is idempotent (Equinox) for dispatches and outcomes", () => {
    expect(expectIdempotent(notificationDecider, depositedWed(), dispatch, at("2026-03-11T10:00"))).toHaveLength(1)
    expect(expectIdempotent(notificationDecider, attempting(), sentAll(1, mx("2026-03-11T09:30:02")), at("2026-03-11T09:31"))).toHaveLength(3)
    expect(expectIdempotent(notificationDecider, attempting(), failedAll(1), at("2026-03-11T09:31"))).toHaveLength(3)
  })
})

describe("an attempt whose outcomes never came (the shell stopped between sending and recording)", () => {
  const spec2 = deciderSpec(notificationDecider)
  it("is abandoned after 10 minutes: the next dispatch starts attempt 2, and attempt 1's late outcomes decide nothing", () => {
    spec2.given(attempting()).when(dispatch, at("2026-03-11T09:39:59.999")).thenNothing()
    spec2.given(attempting()).when(dispatch, at("2026-03-11T09:40"))
      .then([new AvisoDispatchAttempted({ notificationId: N1, attempt: 2, dispatchedAt: mx("2026-03-11T09:40"), targets: contacts })])
    const second = historyOf([deposit(), at("2026-03-11T09:00")], [dispatch, at("2026-03-11T09:30")], [dispatch, at("2026-03-11T09:40")])
    spec2.given(second).when(sentAll(1, mx("2026-03-11T09:41")), at("2026-03-11T09:41")).thenNothing()
  })
})

describe("outcomes that arrive after an opening made the notification", () => {
  it("are recorded, and neither fix an aviso instant, schedule a retry nor publish in estrados", () => {
    const openedMeanwhile = historyOf([deposit(), at("2026-03-11T09:00")], [dispatch, at("2026-03-11T09:30")], [open(), at("2026-03-11T09:31")])
    deciderSpec(notificationDecider).given(openedMeanwhile).when(failedAll(1, false), at("2026-03-11T09:32")).then([
      new AvisoFailed({ notificationId: N1, attempt: 1, ...email, reason: "timeout", retryable: false, fallbackChannel: null }),
      new AvisoFailed({ notificationId: N1, attempt: 1, ...sms, reason: "timeout", retryable: false, fallbackChannel: null }),
    ])
    deciderSpec(notificationDecider).given(openedMeanwhile).when(sentAll(1, mx("2026-03-11T09:30:01")), at("2026-03-11T09:32")).then([
      new AvisoSent({ notificationId: N1, attempt: 1, ...email, providerId: "prov-1-0", acceptedAt: mx("2026-03-11T09:30:01") }),
      new AvisoSent({ notificationId: N1, attempt: 1, ...sms, providerId: "prov-1-1", acceptedAt: mx("2026-03-11T09:30:01") }),
    ])
  })
})
