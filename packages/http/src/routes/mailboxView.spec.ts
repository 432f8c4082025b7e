import { describe, expect, it } from "vitest"
import { mailboxBody, maskAddress } from "./mailboxView.js"

describe("masked contacts", () => {
  it("keeps an email's first letter and domain, a mobile's last four digits", () => {
    expect([maskAddress("email", "contabilidad@empresa.mx"), maskAddress("mobile", "+525512345678"), maskAddress("mobile", "5512345678"), maskAddress("email", "nodomain")])
      .toEqual(["c***@empresa.mx", "+52******5678", "******5678", "***"])
  })

  it("shows the mailbox with every contact masked", () => {
    expect(mailboxBody({ rfc: "EKU9003173C9", status: "active", legalName: "ESCUELA KEMPER URGATE", activatedAt: Date.parse("2026-11-30T12:00:00Z"),
      contacts: [{ contactId: "c-1", kind: "email", address: "pagos@kemper.mx", verified: true }, { contactId: "c-2", kind: "mobile", address: "+525512345678", verified: false }] }))
      .toEqual({ rfc: "EKU9003173C9", status: "active", legalName: "ESCUELA KEMPER URGATE", activatedAt: "2026-11-30T12:00:00.000Z",
        contacts: [{ contactId: "c-1", kind: "email", address: "p***@kemper.mx", verified: true }, { contactId: "c-2", kind: "mobile", address: "+52******5678", verified: false }] })
  })
})
