import { describe, expect, it } from "vitest"
import { deciderSpec, expectIdempotent } from "../testing/deciderSpec.js"
import { notificationDecider } from "./decider.js"
import { DepositConflict, InvalidContentHash, InvalidRfc } from "./errors.js"
import { ActDeposited, ActPublishedInEstrados } from "./events.js"
import { at, cff2026, contacts, deposit, mx, N1, RFC, SHA } from "./specFixtures.js"

const spec = deciderSpec(notificationDecider)
const versions = { calendarVersion: cff2026.version, ruleSetVersion: cff2026.ruleSetVersion }
const deposited = (depositedAt: number, avisoDueAt: number, overrides: Partial<ConstructorParameters<typeof ActDeposited>[0]> = {}) =>
  new ActDeposited({
    notificationId: N1, idempotencyKey: "k-1", rfc: RFC, actType: "cedula-de-liquidacion", reference: "CL-2026-000123",
    contentSha256: SHA, issuingUnit: "Subdelegación 10 Cuauhtémoc", depositedAt, avisoDueAt, ...versions, ...overrides,
  })

describe("DepositAct", () => {
  it("records the act with its hash and issuer; inside a window the aviso is due at once (DOMAIN §3.1–3.2)", () =>
    spec.given([]).when(deposit(), at("2026-03-11T10:00")).then([deposited(mx("2026-03-11T10:00"), mx("2026-03-11T10:00"))]))

  it("before 09:30 on a business day, the aviso is due at 09:30 the same day", () =>
    spec.given([]).when(deposit(), at("2026-03-11T07:00")).then([deposited(mx("2026-03-11T07:00"), mx("2026-03-11T09:30"))]))

  it("from 18:00 on Friday 13 Mar 2026, the aviso is due Tuesday 17 at 09:30 (Monday 16 is a holiday)", () =>
    spec.given([]).when(deposit(), at("2026-03-13T18:00")).then([deposited(mx("2026-03-13T18:00"), mx("2026-03-17T09:30"))]))

  it("a retry with the same key and the same act records nothing", () =>
    spec.given([deposited(mx("2026-03-11T10:00"), mx("2026-03-11T10:00"))]).when(deposit(), at("2026-03-11T10:05")).thenNothing())

  it("the same key with another act is refused", () =>
    spec.given([deposited(mx("2026-03-11T10:00"), mx("2026-03-11T10:00"))])
      .when(deposit({ contentSha256: "ab".repeat(32) }), at("2026-03-11T10:05"))
      .thenFails(new DepositConflict({ notificationId: N1, idempotencyKey: "k-1" })))

  it("another key on a taken notification id is refused", () =>
    spec.given([deposited(mx("2026-03-11T10:00"), mx("2026-03-11T10:00"))])
      .when(deposit({ idempotencyKey: "k-2" }), at("2026-03-11T10:05"))
      .thenFails(new DepositConflict({ notificationId: N1, idempotencyKey: "k-2" })))

  it("refuses a content hash that is not 64 lowercase hex characters", () => {
    spec.given([]).when(deposit({ contentSha256: SHA.toUpperCase() }), at("2026-03-11T10:00"))
      .thenFails(new InvalidContentHash({ contentSha256: SHA.toUpperCase() }))
    spec.given([]).when(deposit({ contentSha256: SHA.slice(1) }), at("2026-03-11T10:00"))
      .thenFails(new InvalidContentHash({ contentSha256: SHA.slice(1) }))
  })

  it("refuses a malformed RFC, and accepts RFCs with Ñ and & (DOMAIN §1)", () => {
    spec.given([]).when(deposit({ rfc: "EKU9003173C" }), at("2026-03-11T10:00")).thenFails(new InvalidRfc({ rfc: "EKU9003173C" }))
    spec.given([]).when(deposit({ rfc: "OÑO120726RX3" }), at("2026-03-11T10:00"))
      .then([deposited(mx("2026-03-11T10:00"), mx("2026-03-11T10:00"), { rfc: "OÑO120726RX3" })])
    spec.given([]).when(deposit({ rfc: "A&C0101011A1" }), at("2026-03-11T10:00"))
      .then([deposited(mx("2026-03-11T10:00"), mx("2026-03-11T10:00"), { rfc: "A&C0101011A1" })])
  })

  // LSS art. 286 M para. 4; CFF art. 139: published 10 days, notified on the 11th (Mon 16 Mar is a holiday).
  it("without an active mailbox, publishes in estrados and says why", () =>
    spec.given([]).when(deposit({ mailbox: { active: false, verifiedContacts: [] } }), at("2026-03-02T12:00")).then([
      deposited(mx("2026-03-02T12:00"), mx("2026-03-02T12:00")),
      new ActPublishedInEstrados({
        notificationId: N1, reason: "mailbox-not-active", publishedAt: mx("2026-03-02T12:00"),
        lastPublicationDay: "2026-03-17", notifiedAt: mx("2026-03-18T09:30"), ...versions,
      }),
    ]))

  it("with an active mailbox but no verified contact, publishes in estrados", () =>
    spec.given([]).when(deposit({ mailbox: { active: true, verifiedContacts: [] } }), at("2026-03-02T12:00")).then([
      deposited(mx("2026-03-02T12:00"), mx("2026-03-02T12:00")),
      new ActPublishedInEstrados({
        notificationId: N1, reason: "no-verified-contacts", publishedAt: mx("2026-03-02T12:00"),
        lastPublicationDay: "2026-03-17", notifiedAt: mx("2026-03-18T09:30"), ...versions,
      }),
    ]))

  it("is idempotent (Equinox): deciding it again after its events decides nothing", () => {
    expect(expectIdempotent(notificationDecider, [], deposit(), at("2026-03-11T10:00"))).toHaveLength(1)
    expect(expectIdempotent(notificationDecider, [], deposit({ mailbox: { active: false, verifiedContacts: contacts } }), at("2026-03-11T10:00"))).toHaveLength(2)
  })
})
