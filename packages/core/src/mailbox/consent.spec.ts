import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { makeCalendar } from "../calendar/calendar.js"
import { consentForMailbox, consentVersions, isConsentVersion, renderConsent } from "./consent.js"
import type { ConsentParty } from "./consent.js"
import type { EnrolledMailbox } from "./state.js"

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex")
const party: ConsentParty = {
  rfc: "OÑO120726RX3", legalName: "ORGÁNICOS ÑAVEZ OSORIO SA DE CV", emails: ["pagos@navez.mx", "nomina@navez.mx"],
  mobiles: ["+525512345678"], day: "2026-11-30",
}

describe("the consent's cadena original (DOMAIN §2.3)", () => {
  it("normalises whitespace and escapes a pipe inside a value, through the evidence folder's rule", () => {
    const { cadenaOriginal } = renderConsent("2024-08", { ...party, legalName: "  ORGÁNICOS \t ÑAVEZ |\n OSORIO " })
    expect(cadenaOriginal.slice(0, cadenaOriginal.indexOf("|2026-11-30|"))).toBe("||2024-08|OÑO120726RX3|ORGÁNICOS ÑAVEZ \\| OSORIO")
  })
})

describe("renderConsent (DOMAIN §2.3)", () => {
  it("renders the 2024 terms with RFC, legal name, contacts and day, and hashes what is signed", () => {
    const document = renderConsent("2024-08", party)
    expect(document).toEqual({
      version: "2024-08", day: "2026-11-30", text: document.text, textSha256: sha256(document.text),
      cadenaOriginal: `||2024-08|OÑO120726RX3|ORGÁNICOS ÑAVEZ OSORIO SA DE CV|2026-11-30|email:pagos@navez.mx|email:nomina@navez.mx|mobile:+525512345678|${sha256(document.text)}||`,
      cadenaSha256: sha256(document.cadenaOriginal),
    })
    expect(document.text.split("\n").filter((line) => /TÉRMINOS|RFC|@|\+52|Fecha/.test(line))).toEqual([
      "TÉRMINOS Y CONDICIONES DE USO DEL BUZÓN IMSS",
      "ORGÁNICOS ÑAVEZ OSORIO SA DE CV, con RFC OÑO120726RX3, acepta los términos y condiciones de uso del Buzón IMSS y manifiesta:",
      "  - pagos@navez.mx",
      "  - nomina@navez.mx",
      "  - +525512345678",
      "Fecha: 2026-11-30",
    ])
  })

  it("keeps rendering the 2020 solicitud, with a different text and cadena", () => {
    const [v2024, v2020] = [renderConsent("2024-08", party), renderConsent("2020-07", party)]
    expect([v2020.text.split("\n")[0], v2020.cadenaOriginal.startsWith("||2020-07|OÑO120726RX3|"), v2020.textSha256 === v2024.textSha256])
      .toEqual(["SOLICITUD Y MANIFESTACIÓN DE CONFORMIDAD PARA EL USO DEL BUZÓN IMSS", true, false])
  })

  it("changes the signed bytes when any rendered fact changes", () => {
    const hashes = [party, { ...party, day: "2026-12-01" }, { ...party, mobiles: ["+525598765432"] }, { ...party, legalName: "OTRO" }]
      .map((p) => renderConsent("2024-08", p).cadenaSha256)
    expect(new Set(hashes).size).toBe(4)
  })

  it("knows its versions, newest first", () =>
    expect([consentVersions, isConsentVersion("2020-07"), isConsentVersion("2024-8")]).toEqual([["2024-08", "2020-07"], true, false]))
})

describe("consentForMailbox", () => {
  const contact = (contactId: string, kind: "email" | "mobile", address: string, verifiedAt: number | undefined) =>
    [contactId, { contactId, kind, address, registeredAt: 0, verifiedAt, code: undefined, codeIssues: [], replaces: undefined }] as const
  const mailbox: EnrolledMailbox = {
    rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE SA DE CV", certificateNumber: "30001000000500003416", enrolledAt: 0,
    contacts: new Map([
      contact("m1", "mobile", "+525512345678", 1), contact("e1", "email", "a@kemper.mx", 1),
      contact("e2", "email", "pendiente@kemper.mx", undefined), contact("e3", "email", "b@kemper.mx", 2),
    ]),
    removedContactIds: new Set(),
  }

  it("lists only verified contacts, emails first, in registration order, dated in the calendar's zone", () =>
    expect(consentForMailbox(mailbox, "2024-08", makeCalendar(), Date.parse("2026-12-01T05:59:59Z"))).toEqual(
      renderConsent("2024-08", {
        rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE SA DE CV", emails: ["a@kemper.mx", "b@kemper.mx"],
        mobiles: ["+525512345678"], day: "2026-11-30",
      })))

  it("dates by the zone of the calendar it is given (Tijuana is two hours behind Mexico City in winter)", () =>
    expect([
      consentForMailbox(mailbox, "2024-08", makeCalendar(), Date.parse("2026-12-01T06:30:00Z")).day,
      consentForMailbox(mailbox, "2024-08", makeCalendar({ zone: "America/Tijuana" }), Date.parse("2026-12-01T06:30:00Z")).day,
    ]).toEqual(["2026-12-01", "2026-11-30"]))
})
