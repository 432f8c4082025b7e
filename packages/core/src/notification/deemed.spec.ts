import { describe, expect, it } from "vitest"
import { deciderSpec, expectIdempotent } from "../testing/deciderSpec.js"
import { notificationDecider } from "./decider.js"
import { AvisoNotDelivered, EstradosPublicationRunning, OpenWindowNotOver, UnknownNotification } from "./errors.js"
import { NotificationMade, NotificationTookEffect } from "./events.js"
import { at, avisado, avisadoSteps, cff2026, deposit, historyOf, markDeemed, mx, N1, open } from "./specFixtures.js"

const spec = deciderSpec(notificationDecider)
const versions = { calendarVersion: cff2026.version, ruleSetVersion: cff2026.ruleSetVersion }
const endOf = (day: string) => Date.parse(`${day}T23:59:59.999-06:00`)

/** The DOMAIN §3 worked example's effect: Thu 19 Mar 2026, and its plazos (DOMAIN §4). */
const tookEffectThu19 = new NotificationTookEffect({
  notificationId: N1, effectiveOn: "2026-03-19", ...versions,
  plazos: [
    { name: "aclaracion", days: 5, purpose: "procedural", endsOn: "2026-03-26", endsAt: endOf("2026-03-26"), basis: "LSS art. 39-D; CFF art. 12; RCFF art. 7" },
    { name: "pagoCedula", days: 15, purpose: "payment", endsOn: "2026-04-13", endsAt: endOf("2026-04-13"), basis: "LSS art. 39-C; RACERF arts. 3 and 127; CFF art. 12 paras. 2 and 5" },
    { name: "inconformidad", days: 15, purpose: "procedural", endsOn: "2026-04-13", endsAt: endOf("2026-04-13"), basis: "Reglamento del Recurso de Inconformidad art. 6; CFF art. 12" },
    { name: "nulidad", days: 30, purpose: "procedural", endsOn: "2026-05-06", endsAt: endOf("2026-05-06"), basis: "LFPCA art. 13 fr. I a); CFF art. 12" },
  ],
})

describe("MarkDeemed", () => {
  // DOMAIN §3 worked example: aviso Wed 11 → day 1 Thu 12, day 2 Fri 13, (Mon 16 holiday) day 3 Tue 17 →
  // deemed made Wed 18 09:30 → takes effect Thu 19 → 5-day plazo ends Thu 26 Mar; 15-day Mon 13 Apr;
  // 30-day Wed 6 May (1 May and 5 May are not counted).
  it("deems an unopened act made at 09:30 of the 4th business day after the aviso (the constancia)", () =>
    spec.given(avisado()).when(markDeemed, at("2026-03-18T09:30")).then([
      new NotificationMade({ notificationId: N1, basis: "deemed", madeAt: mx("2026-03-18T09:30"), madeOn: "2026-03-18", ...versions }),
      tookEffectThu19,
    ]))

  it("refuses on day 3, while the act can still be opened", () =>
    spec.given(avisado()).when(markDeemed, at("2026-03-17T17:00"))
      .thenFails(new OpenWindowNotOver({ notificationId: N1, deemableAt: mx("2026-03-18T09:30") })))

  it("tells whoever asked when it can be deemed, in Mexico City time", () =>
    expect(new OpenWindowNotOver({ notificationId: N1, deemableAt: mx("2026-03-18T09:30") }).message)
      .toBe("Notification n1 can still be opened; it is deemed made from 2026-03-18 09:30 (America/Mexico_City)."))

  it("refuses one millisecond before 09:30 of day 4", () =>
    spec.given(avisado()).when(markDeemed, at("2026-03-18T09:29:59.999"))
      .thenFails(new OpenWindowNotOver({ notificationId: N1, deemableAt: mx("2026-03-18T09:30") })))

  it("a late sweep still deems it at the deemed instant, not at the sweep's", () =>
    spec.given(avisado()).when(markDeemed, at("2026-03-23T12:00")).then([
      new NotificationMade({ notificationId: N1, basis: "deemed", madeAt: mx("2026-03-18T09:30"), madeOn: "2026-03-18", ...versions }),
      tookEffectThu19,
    ]))

  it("decides nothing once made: deemed already, or opened in time", () => {
    spec.given(historyOf(...avisadoSteps, [markDeemed, at("2026-03-18T09:30")])).when(markDeemed, at("2026-03-19T10:00")).thenNothing()
    spec.given(historyOf(...avisadoSteps, [open(), at("2026-03-12T10:00")])).when(markDeemed, at("2026-03-19T10:00")).thenNothing()
  })

  it("refuses before any aviso was delivered, and for an unknown notification", () => {
    spec.given(historyOf([deposit(), at("2026-03-11T09:00")])).when(markDeemed, at("2026-03-30T10:00"))
      .thenFails(new AvisoNotDelivered({ notificationId: N1 }))
    spec.given([]).when(markDeemed, at("2026-03-30T10:00")).thenFails(new UnknownNotification({ notificationId: N1 }))
  })

  // CFF art. 139: published Mon 2 Mar, 10 days to Tue 17, notified Wed 18 (the 11th), effect Thu 19.
  it("an estrados act is made on the 11th business day after publication, and not before", () => {
    const estrados = historyOf([deposit({ mailbox: { active: false, verifiedContacts: [] } }), at("2026-03-02T12:00")])
    spec.given(estrados).when(markDeemed, at("2026-03-17T23:00"))
      .thenFails(new EstradosPublicationRunning({ notificationId: N1, notifiedAt: mx("2026-03-18T09:30") }))
    spec.given(estrados).when(markDeemed, at("2026-03-18T09:30")).then([
      new NotificationMade({ notificationId: N1, basis: "estrados", madeAt: mx("2026-03-18T09:30"), madeOn: "2026-03-18", ...versions }),
      tookEffectThu19,
    ])
  })

  it("is idempotent (Equinox)", () =>
    expect(expectIdempotent(notificationDecider, avisado(), markDeemed, at("2026-03-18T10:00"))).toHaveLength(2))
})

