import { describe, it } from "vitest"
import { deciderSpec } from "../testing/deciderSpec.js"
import { mailboxDecider } from "./decider.js"
import {
  ContactIdInUse, ContactKindMismatch, ContactLimitReached, DuplicateContact, InvalidEmailAddress, InvalidMobileNumber,
  MinimumContactsRequired, ReplacementPending, UnknownContact,
} from "./errors.js"
import { ContactRegistered, ContactRemoved } from "./events.js"
import type { MailboxEvent } from "./events.js"
import {
  EMAIL, MOBILE, NOW, RFC, activeHistory, actor, contactRegistered, contactVerified, ctx, enrollmentStarted, identity,
  readyToSign, verifiedContact,
} from "./testKit.js"

const spec = deciderSpec(mailboxDecider)
const enrolling = [enrollmentStarted()]
const register = (contactId: string, kind: "email" | "mobile", address: string) =>
  ({ _tag: "RegisterContact", identity, contactId, kind, address }) as const
const registered = (contactId: string, kind: "email" | "mobile", address: string, replaces?: string) =>
  new ContactRegistered({ rfc: RFC, contactId, kind, address, actor, at: NOW, ...(replaces === undefined ? {} : { replaces }) })

describe("RegisterContact ([D] DOMAIN §2.2)", () => {
  it("registers an email in its canonical lower-case form", () =>
    spec.given(enrolling).when(register("e1", "email", "  Pagos@Kemper.MX "), ctx()).then([registered("e1", "email", EMAIL)]))

  it("registers a mobile typed as 10 digits as E.164 +52", () =>
    spec.given(enrolling).when(register("m1", "mobile", "(55) 1234-5678"), ctx()).then([registered("m1", "mobile", MOBILE)]))

  it("refuses an email that is not one", () =>
    spec.given(enrolling).when(register("e1", "email", "pagos@kemper"), ctx())
      .thenFails(new InvalidEmailAddress({ address: "pagos@kemper" })))

  it("refuses a mobile that is not 10 Mexican digits", () =>
    spec.given(enrolling).when(register("m1", "mobile", "555 1234"), ctx()).thenFails(new InvalidMobileNumber({ number: "555 1234" })))

  it("does nothing when the same registration is retried", () =>
    spec.given([...enrolling, registered("e1", "email", EMAIL)]).when(register("e1", "email", "PAGOS@kemper.mx"), ctx()).thenNothing())

  it("refuses an id already used for another address", () =>
    spec.given([...enrolling, registered("e1", "email", EMAIL)]).when(register("e1", "email", "otro@kemper.mx"), ctx())
      .thenFails(new ContactIdInUse({ contactId: "e1" })))

  it("refuses the id of a removed contact: ids are never reused", () =>
    spec.given([...enrolling, registered("e1", "email", EMAIL), new ContactRemoved({ rfc: RFC, contactId: "e1", actor, at: NOW })])
      .when(register("e1", "email", EMAIL), ctx()).thenFails(new ContactIdInUse({ contactId: "e1" })))

  it("refuses an address the mailbox already has, however it is written", () =>
    spec.given([...enrolling, registered("m1", "mobile", MOBILE)]).when(register("m2", "mobile", "+52 1 55 1234 5678"), ctx())
      .thenFails(new DuplicateContact({ address: MOBILE, contactId: "m1" })))

  const emails = [1, 2, 3, 4, 5].map((n) => registered(`e${n}`, "email", `buzon${n}@kemper.mx`))
  it("accepts a 5th email", () =>
    spec.given([...enrolling, ...emails.slice(0, 4)]).when(register("e5", "email", "buzon5@kemper.mx"), ctx())
      .then([registered("e5", "email", "buzon5@kemper.mx")]))

  it("refuses a 6th email", () =>
    spec.given([...enrolling, ...emails]).when(register("e6", "email", "buzon6@kemper.mx"), ctx())
      .thenFails(new ContactLimitReached({ kind: "email", limit: 5 })))

  const mobiles = ["5512345671", "5512345672", "5512345673"].map((n, i) => registered(`m${i + 1}`, "mobile", `+52${n}`))
  it("refuses a 4th mobile", () =>
    spec.given([...enrolling, ...mobiles]).when(register("m4", "mobile", "5512345674"), ctx())
      .thenFails(new ContactLimitReached({ kind: "mobile", limit: 3 })))

  it("counts a contact and its pending replacement once", () =>
    spec.given([...enrolling, ...mobiles.slice(0, 2), registered("m9", "mobile", "+525599999999", "m1")])
      .when(register("m4", "mobile", "5512345674"), ctx()).then([registered("m4", "mobile", "+525512345674")]))

  it("frees a place when a contact is removed", () =>
    spec.given([...enrolling, ...mobiles, new ContactRemoved({ rfc: RFC, contactId: "m2", actor, at: NOW })])
      .when(register("m4", "mobile", "5512345674"), ctx()).then([registered("m4", "mobile", "+525512345674")]))
})

describe("ReplaceContact (DOMAIN §2.4)", () => {
  const replace = (contactId: string, newContactId: string, address: string) =>
    ({ _tag: "ReplaceContact", identity, contactId, newContactId, address }) as const

  it("registers the new address as the old one's replacement, leaving the old one in place", () =>
    spec.given(activeHistory).when(replace("e1", "e2", "Nuevo@Kemper.mx"), ctx()).then([registered("e2", "email", "nuevo@kemper.mx", "e1")]))

  it("does nothing when retried", () =>
    spec.given([...activeHistory, registered("e2", "email", "nuevo@kemper.mx", "e1")]).when(replace("e1", "e2", "nuevo@kemper.mx"), ctx())
      .thenNothing())

  it("does nothing when retried after the replacement took the old contact's place", () =>
    spec.given([
      ...activeHistory, registered("e2", "email", "nuevo@kemper.mx", "e1"),
      new ContactRemoved({ rfc: RFC, contactId: "e1", replacedBy: "e2", actor, at: NOW }),
    ]).when(replace("e1", "e2", "nuevo@kemper.mx"), ctx()).thenNothing())

  it("refuses an unknown contact", () =>
    spec.given(activeHistory).when(replace("e9", "e2", "nuevo@kemper.mx"), ctx()).thenFails(new UnknownContact({ contactId: "e9" })))

  it("refuses a mobile number as the replacement of an email", () =>
    spec.given(activeHistory).when(replace("e1", "e2", "55 9876 5432"), ctx()).thenFails(new ContactKindMismatch({ contactId: "e1", kind: "email" })))

  it("refuses an invalid address of the same kind", () =>
    spec.given(activeHistory).when(replace("m1", "m2", "12"), ctx()).thenFails(new InvalidMobileNumber({ number: "12" })))

  it("refuses a second replacement while one is pending", () =>
    spec.given([...activeHistory, registered("e2", "email", "nuevo@kemper.mx", "e1")]).when(replace("e1", "e3", "otro@kemper.mx"), ctx())
      .thenFails(new ReplacementPending({ contactId: "e1", replacementId: "e2" })))

  it("refuses to replace a pending replacement (the chain would keep both ends, past the limits)", () =>
    spec.given([...activeHistory, registered("e2", "email", "nuevo@kemper.mx", "e1")]).when(replace("e2", "e3", "otro@kemper.mx"), ctx())
      .thenFails(new ReplacementPending({ contactId: "e1", replacementId: "e2" })))

  it("refuses an address the mailbox already has", () =>
    spec.given(activeHistory).when(replace("e1", "e2", EMAIL), ctx()).thenFails(new DuplicateContact({ address: EMAIL, contactId: "e1" })))

  it("refuses an id in use", () =>
    spec.given(activeHistory).when(replace("e1", "m1", "nuevo@kemper.mx"), ctx()).thenFails(new ContactIdInUse({ contactId: "m1" })))
})

describe("RemoveContact (DOMAIN §2.4)", () => {
  const remove = (contactId: string) => ({ _tag: "RemoveContact", identity, contactId }) as const
  const removed = (contactId: string) => new ContactRemoved({ rfc: RFC, contactId, actor, at: NOW })
  const secondEmail: ReadonlyArray<MailboxEvent> = verifiedContact("e2", "email", "otro@kemper.mx")

  it("removes any contact while enrolling, even the only verified one", () =>
    spec.given(readyToSign).when(remove("m1"), ctx()).then([removed("m1")]))

  it("refuses to remove an active mailbox's last verified mobile", () =>
    spec.given(activeHistory).when(remove("m1"), ctx()).thenFails(new MinimumContactsRequired({ contactId: "m1", kind: "mobile" })))

  it("refuses to remove an active mailbox's last verified email even when an unverified one exists", () =>
    spec.given([...activeHistory, contactRegistered("e2", "email", "otro@kemper.mx")]).when(remove("e1"), ctx())
      .thenFails(new MinimumContactsRequired({ contactId: "e1", kind: "email" })))

  it("removes a verified email when another verified email remains", () =>
    spec.given([...activeHistory, ...secondEmail]).when(remove("e1"), ctx()).then([removed("e1")]))

  it("removes an unverified contact of an active mailbox", () =>
    spec.given([...activeHistory, contactRegistered("e2", "email", "otro@kemper.mx")]).when(remove("e2"), ctx()).then([removed("e2")]))

  it("does nothing when the contact was removed already", () =>
    spec.given([...activeHistory, ...secondEmail, removed("e1")]).when(remove("e1"), ctx()).thenNothing())

  it("refuses an unknown contact", () =>
    spec.given(activeHistory).when(remove("x"), ctx()).thenFails(new UnknownContact({ contactId: "x" })))

  it("lets a verified replacement be removed again only while another verified contact of its kind remains", () =>
    spec.given([...activeHistory, registered("e2", "email", "nuevo@kemper.mx", "e1"), contactVerified("e2"),
      new ContactRemoved({ rfc: RFC, contactId: "e1", replacedBy: "e2", actor, at: NOW })])
      .when(remove("e2"), ctx()).thenFails(new MinimumContactsRequired({ contactId: "e2", kind: "email" })))
})
