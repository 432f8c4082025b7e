import { describe, expect, it } from "vitest"
import { fold } from "../app/decider.js"
import { deciderSpec } from "../testing/deciderSpec.js"
import { actorOf, mailboxDecider } from "./decider.js"
import { MailboxNotEnrolled, NotMailboxHolder } from "./errors.js"
import { ContactRegistered, EnrollmentStarted } from "./events.js"
import { EMAIL, LEGAL_NAME, NOW, RFC, ctx, enrollmentStarted, identity, otherIdentity } from "./testKit.js"

const spec = deciderSpec(mailboxDecider)

describe("StartEnrollment (DOMAIN §2.1)", () => {
  it("starts enrolling with the identity the validated FIEL proves", () =>
    spec.given([]).when({ _tag: "StartEnrollment", identity }, ctx()).then([
      new EnrollmentStarted({
        rfc: RFC, legalName: LEGAL_NAME, certificateNumber: "30001000000500003416",
        actor: { rfc: "VADA800927DJ3", certificateNumber: "30001000000500003416", onBehalfOf: RFC }, at: NOW,
      }),
    ]))

  it("records a persona física acting for itself as its own actor", () =>
    spec.given([]).when({ _tag: "StartEnrollment", identity: otherIdentity }, ctx()).then([
      new EnrollmentStarted({
        rfc: "CACX7605101P8", legalName: "XOCHILT CASAS CHAVEZ", certificateNumber: "30001000000500003420",
        actor: { rfc: "CACX7605101P8", certificateNumber: "30001000000500003420", onBehalfOf: "CACX7605101P8" }, at: NOW,
      }),
    ]))

  it("does nothing when the mailbox is enrolled already", () =>
    spec.given([enrollmentStarted()]).when({ _tag: "StartEnrollment", identity }, ctx()).thenNothing())

  it("refuses another patrón's FIEL on an enrolled mailbox", () =>
    spec.given([enrollmentStarted()]).when({ _tag: "StartEnrollment", identity: otherIdentity }, ctx())
      .thenFails(new NotMailboxHolder({ rfc: RFC, actorRfc: "CACX7605101P8" })))
})

describe("commands before enrollment", () => {
  it("refuses to register a contact on a mailbox never enrolled", () =>
    spec.given([]).when({ _tag: "RegisterContact", identity, contactId: "e1", kind: "email", address: EMAIL }, ctx())
      .thenFails(new MailboxNotEnrolled({ rfc: RFC })))

  it("refuses another patrón's FIEL on every later command", () =>
    spec.given([enrollmentStarted()])
      .when({ _tag: "RegisterContact", identity: otherIdentity, contactId: "e1", kind: "email", address: EMAIL }, ctx())
      .thenFails(new NotMailboxHolder({ rfc: RFC, actorRfc: "CACX7605101P8" })))
})

describe("the actor (DOMAIN §2.5)", () => {
  it("names the legal representative and the certificate on the events the representative causes", () =>
    spec.given([enrollmentStarted()])
      .when({ _tag: "RegisterContact", identity: identity, contactId: "e1", kind: "email", address: EMAIL }, ctx())
      .then([new ContactRegistered({
        rfc: RFC, contactId: "e1", kind: "email", address: EMAIL,
        actor: { rfc: "VADA800927DJ3", certificateNumber: "30001000000500003416", onBehalfOf: RFC }, at: NOW,
      })]))

  it("derives the actor from the identity alone", () =>
    expect([actorOf(identity), actorOf({ rfc: RFC, certificateNumber: "1", legalName: LEGAL_NAME })]).toEqual([
      { rfc: "VADA800927DJ3", certificateNumber: "30001000000500003416", onBehalfOf: RFC },
      { rfc: RFC, certificateNumber: "1", onBehalfOf: RFC },
    ]))
})

describe("evolve", () => {
  it("folds an enrollment into an enrolling mailbox with no contacts", () =>
    expect(fold(mailboxDecider.evolve, mailboxDecider.initialState, [enrollmentStarted(NOW)])).toEqual({
      status: "enrolling", rfc: RFC, legalName: LEGAL_NAME, certificateNumber: "30001000000500003416", enrolledAt: NOW,
      contacts: new Map(), removedContactIds: new Set(),
    }))

  it("ignores a second EnrollmentStarted", () => {
    const once = fold(mailboxDecider.evolve, mailboxDecider.initialState, [enrollmentStarted(NOW)])
    expect(mailboxDecider.evolve(once, enrollmentStarted(NOW + 1))).toBe(once)
  })
})
