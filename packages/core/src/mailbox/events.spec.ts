import { describe, expect, it } from "vitest"
import { ContactRegistered, ContactRemoved, mailboxCodec, mailboxStreamName } from "./events.js"
import type { MailboxEvent } from "./events.js"
import { activeHistory, actor, codeIssued, NOW, RFC } from "./testKit.js"

describe("mailboxStreamName (STYLE.md §11)", () => {
  it("is mailbox-{RFC}, RFC in upper case, Ñ and & kept", () =>
    expect([mailboxStreamName("EKU9003173C9"), mailboxStreamName("oño120726rx3"), mailboxStreamName("A&B010101AAA")])
      .toEqual(["mailbox-EKU9003173C9", "mailbox-OÑO120726RX3", "mailbox-A&B010101AAA"]))
})

describe("mailboxCodec", () => {
  const events: ReadonlyArray<MailboxEvent> = [
    ...activeHistory,
    codeIssued("e9", NOW),
    new ContactRegistered({ rfc: RFC, contactId: "e2", kind: "email", address: "n@k.mx", replaces: "e1", actor, at: NOW }),
    new ContactRemoved({ rfc: RFC, contactId: "e1", replacedBy: "e2", actor, at: NOW }),
  ]

  it("stores the tag as the type and the other fields as plain JSON", () =>
    expect(mailboxCodec.encode(new ContactRemoved({ rfc: RFC, contactId: "e1", actor, at: NOW }))).toEqual({
      type: "ContactRemoved",
      data: { rfc: RFC, contactId: "e1", actor: { rfc: "VADA800927DJ3", certificateNumber: "30001000000500003416", onBehalfOf: RFC }, at: NOW },
    }))

  it("decodes every event back to an equal instance of its class, through JSON text", () => {
    const roundTrip = events.map((event) => {
      const { type, data } = mailboxCodec.encode(event)
      return mailboxCodec.decode(type, JSON.parse(JSON.stringify(data)))
    })
    expect(roundTrip).toEqual(events)
    expect(roundTrip.map((event) => event.constructor)).toEqual(events.map((event) => event.constructor))
  })

  it("throws on stored data that is not the event it claims to be (a corrupt history, not user input)", () =>
    expect(() => mailboxCodec.decode("ContactRemoved", { rfc: RFC })).toThrow())
})
