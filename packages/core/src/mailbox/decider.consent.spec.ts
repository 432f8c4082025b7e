import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { fold } from "../app/decider.js"
import { readCertificate } from "../efirma/certificate.js"
import { rejected } from "../efirma/errors.js"
import { readCredential } from "../efirma/privateKey.js"
import { sign } from "../efirma/signature.js"
import { identityOf } from "../efirma/validate.js"
import { deciderSpec, expectIdempotent } from "../testing/deciderSpec.js"
import { FIXED_NOW, noSatFixtures, readSatCredential } from "../../../../test/support/satFixtures.js"
import type { SatCredentialName } from "../../../../test/support/satFixtures.js"
import { consentForMailbox } from "./consent.js"
import { mailboxDecider } from "./decider.js"
import {
  CertificateNotFiel, CertificateNotValidAt, CertificateRfcMismatch, CertificateUnreadable, ConsentSignatureInvalid,
  ConsentVersionUnknown, ContactsNotVerified, SigningCertificateMismatch,
} from "./errors.js"
import { ConsentSigned } from "./events.js"
import type { MailboxEvent } from "./events.js"
import type { MailboxState } from "./state.js"
import {
  EMAIL, HOUR, MOBILE, NOW, RFC, actor, calendar, ctx, enrollmentStarted, moralCsd, moralExpiredFiel, moralFiel,
  moralRenewedFiel, otherFiel, readyToSign, signConsentCommand, signText, verifiedContact,
} from "./testKit.js"

const spec = deciderSpec(mailboxDecider)
const stateOf = (history: ReadonlyArray<MailboxEvent>): MailboxState => fold(mailboxDecider.evolve, mailboxDecider.initialState, history)
const ready = stateOf(readyToSign)
const documentAt = (now: number) => {
  if (ready.status === "unenrolled") throw new Error("unreachable")
  return consentForMailbox(ready, "2024-08", calendar, now)
}
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64")

describe("SignConsent (DOMAIN §2.3–4)", () => {
  it("activates the mailbox with the signed document's evidence", () => {
    const command = signConsentCommand(ready)
    const document = documentAt(NOW)
    spec.given(readyToSign).when(command, ctx()).then([new ConsentSigned({
      rfc: RFC, version: "2024-08", documentDate: "2026-11-30", cadenaSha256: document.cadenaSha256, textSha256: document.textSha256,
      certificateNumber: "30001000000500003416", certificate: base64(moralFiel().certificateDer),
      signature: command._tag === "SignConsent" ? base64(command.signature) : "", actor, at: NOW,
    })])
    expect(stateOf([...readyToSign, ...(mailboxDecider.decide(command, ready, ctx()) as ReadonlyArray<MailboxEvent>)])).toMatchObject({
      status: "active",
      consent: { version: "2024-08", documentDate: "2026-11-30", cadenaSha256: document.cadenaSha256, certificateNumber: "30001000000500003416", signedAt: NOW },
    })
  })

  it("dates the document on the day in Mexico City, not the UTC day (23:30 local is already tomorrow in UTC)", () => {
    const lateEvening = Date.parse("2026-12-01T05:30:00Z")
    expect(documentAt(lateEvening).day).toBe("2026-11-30")
    spec.given(readyToSign).when(signConsentCommand(ready, lateEvening), ctx(lateEvening))
      .then((events) => expect(events.map((e) => e._tag === "ConsentSigned" && e.documentDate)).toEqual(["2026-11-30"]))
  })

  it("is idempotent: the same consent signed again decides nothing", () =>
    expect(expectIdempotent(mailboxDecider, readyToSign, signConsentCommand(ready), ctx())).toHaveLength(1))

  it("still renders the 2020 document and accepts a consent to it", () =>
    spec.given(readyToSign).when(signConsentCommand(ready, NOW, moralFiel(), "2020-07"), ctx())
      .then((events) => expect(events.map((e) => e._tag === "ConsentSigned" && [e.version, e.cadenaSha256]))
        .toEqual([["2020-07", consentForMailbox(ready as Exclude<MailboxState, { status: "unenrolled" }>, "2020-07", calendar, NOW).cadenaSha256]])))

  it("records a consent to the 2024 terms over an earlier 2020 consent", () => {
    const signed2020 = [...readyToSign, ...(mailboxDecider.decide(signConsentCommand(ready, NOW - HOUR, moralFiel(), "2020-07"), ready, ctx(NOW - HOUR)) as ReadonlyArray<MailboxEvent>)]
    spec.given(signed2020).when(signConsentCommand(stateOf(signed2020)), ctx())
      .then((events) => expect(events.map((e) => e._tag === "ConsentSigned" && e.version)).toEqual(["2024-08"]))
  })

  it("refuses a version that does not exist", () =>
    spec.given(readyToSign).when({ ...signConsentCommand(ready), version: "1999-01" } as never, ctx())
      .thenFails(new ConsentVersionUnknown({ version: "1999-01" })))

  it("refuses bytes that are not a certificate", () =>
    spec.given(readyToSign).when({ ...signConsentCommand(ready), certificate: new Uint8Array([1, 2, 3]) } as never, ctx())
      .thenFails(new CertificateUnreadable({ reason: "not an X.509 certificate: the data ends before its structure does (a truncated file, or not DER)" })))

  it("refuses a CSD", () =>
    spec.given(readyToSign).when(signConsentCommand(ready, NOW, moralCsd()), ctx())
      .thenFails(new CertificateNotFiel({ certificateNumber: "30001000000500003410" })))

  it("refuses the FIEL the shell found untrusted or revoked at the instant of signing (DOMAIN §2.1); signed already, it decides nothing", () => {
    const untrusted = rejected("EFIRMA_UNTRUSTED_ISSUER", "no trusted CA issued and signed it (issuer: CN=rogue)")
    const command = { ...signConsentCommand(ready), trustRefusal: untrusted } as never
    spec.given(readyToSign).when(command, ctx()).thenFails(untrusted)
    const signed = mailboxDecider.decide(signConsentCommand(ready), ready, ctx())
    if (!Array.isArray(signed)) throw new Error("expected the consent to be signed")
    spec.given([...readyToSign, ...signed]).when(command, ctx()).thenNothing()
  })

  it("refuses another patrón's FIEL", () =>
    spec.given(readyToSign).when({ ...signConsentCommand(ready, NOW, otherFiel()), identity: moralFiel().identity } as never, ctx())
      .thenFails(new CertificateRfcMismatch({ rfc: RFC, certificateRfc: "CACX7605101P8" })))

  it("refuses a FIEL of the patrón other than the one the session authenticated with", () =>
    spec.given(readyToSign).when({ ...signConsentCommand(ready, NOW, moralRenewedFiel()), identity: moralFiel().identity } as never, ctx())
      .thenFails(new SigningCertificateMismatch({ sessionCertificateNumber: "30001000000500003416", signingCertificateNumber: "30001000000500003417" })))

  it("refuses a FIEL outside its validity at the instant of signing", () => {
    const expired = moralExpiredFiel()
    spec.given(readyToSign).when(signConsentCommand(ready, NOW, expired), ctx())
      .thenFails(new CertificateNotValidAt({
        certificateNumber: "30001000000500003401", validFrom: expired.certificate.notBefore, validTo: expired.certificate.notAfter, at: NOW,
      }))
  })

  it("refuses while no mobile is verified", () => {
    const emailOnly = [enrollmentStarted(), ...verifiedContact("e1", "email", EMAIL)]
    spec.given(emailOnly).when(signConsentCommand(stateOf(emailOnly)), ctx()).thenFails(new ContactsNotVerified({ missing: ["mobile"] }))
  })

  it("refuses while no contact at all is verified", () =>
    spec.given([enrollmentStarted()]).when(signConsentCommand(stateOf([enrollmentStarted()])), ctx())
      .thenFails(new ContactsNotVerified({ missing: ["email", "mobile"] })))

  it("refuses a signature over another day's document", () =>
    spec.given(readyToSign).when(signConsentCommand(ready, NOW - 24 * HOUR), ctx())
      .thenFails(new ConsentSignatureInvalid({ version: "2024-08", cadenaSha256: documentAt(NOW).cadenaSha256 })))

  it("refuses a signature over a document listing other contacts", () => {
    const moreContacts = [...readyToSign, ...verifiedContact("m2", "mobile", "+525598765432")]
    spec.given(moreContacts).when(signConsentCommand(ready), ctx())
      .thenFails(new ConsentSignatureInvalid({
        version: "2024-08",
        cadenaSha256: consentForMailbox(stateOf(moreContacts) as Exclude<MailboxState, { status: "unenrolled" }>, "2024-08", calendar, NOW).cadenaSha256,
      }))
  })

  it("refuses a signature made by another key", () =>
    spec.given(readyToSign).when({ ...signConsentCommand(ready), signature: signText(otherFiel(), documentAt(NOW).cadenaOriginal) } as never, ctx())
      .thenFails(new ConsentSignatureInvalid({ version: "2024-08", cadenaSha256: documentAt(NOW).cadenaSha256 })))

  it("lists the verified contacts in the document it checks", () =>
    expect(documentAt(NOW).cadenaOriginal).toBe(`||2024-08|${RFC}|ESCUELA KEMPER URGATE SA DE CV|2026-11-30|email:${EMAIL}|mobile:${MOBILE}|${documentAt(NOW).textSha256}||`))
})

// SAT's own test FIEL (persona moral with representative): the same path on real SAT certificates.
describe.skipIf(noSatFixtures)("SignConsent with SAT's test FIEL", () => {
  const signedWithSat = (name: SatCredentialName, at: number) => {
    const fiel = readSatCredential(name)
    const certificate = Result.getOrThrow(readCertificate(fiel.certificate))
    const identity = identityOf(certificate)
    const enrolled = mailboxDecider.decide({ _tag: "StartEnrollment", identity }, mailboxDecider.initialState, ctx(at - HOUR)) as ReadonlyArray<MailboxEvent>
    const history = [...enrolled, ...verifiedContact("e1", "email", EMAIL), ...verifiedContact("m1", "mobile", MOBILE)]
    const state = stateOf(history)
    if (state.status === "unenrolled") throw new Error("unreachable")
    const document = consentForMailbox(state, "2024-08", calendar, at)
    const credential = Result.getOrThrow(readCredential(fiel.certificate, fiel.privateKey, fiel.password.trim()))
    const signature = sign(credential, document.cadenaOriginal)
    return { history, document, certificate, command: { _tag: "SignConsent", identity, version: "2024-08", signature, certificate: fiel.certificate } as const }
  }

  it("accepts the Ñ persona moral's FIEL (T61String) inside its validity, with Ñ in the signed cadena", () => {
    const at = Date.parse("2021-06-01T17:00:00Z")
    const { history, document, command } = signedWithSat("expired-moral-fiel-ONO120726RX3-enye", at)
    expect(document.cadenaOriginal.startsWith("||2024-08|OÑO120726RX3|")).toBe(true)
    spec.given(history).when(command, ctx(at))
      .then((events) => expect(events.map((e) => e._tag === "ConsentSigned" && [e.rfc, e.certificateNumber, e.actor, e.documentDate]))
        .toEqual([["OÑO120726RX3", "30001000000400002461", { rfc: "MISC491214B86", certificateNumber: "30001000000400002461", onBehalfOf: "OÑO120726RX3" }, "2021-06-01"]]))
  })

  it("refuses the same FIEL once expired", () => {
    const { history, command, certificate } = signedWithSat("expired-moral-fiel-ONO120726RX3-enye", FIXED_NOW)
    spec.given(history).when(command, ctx(FIXED_NOW)).thenFails(new CertificateNotValidAt({
      certificateNumber: "30001000000400002461", validFrom: certificate.notBefore, validTo: certificate.notAfter, at: FIXED_NOW,
    }))
    expect([certificate.notBefore, certificate.notAfter]).toEqual([Date.parse("2019-06-20T17:04:12Z"), Date.parse("2023-06-19T17:04:12Z")])
  })

  it("verifies a consent signed with EKU9003173C9's FIEL and refuses its CSD", () => {
    const { history: withContacts, document, certificate, command } = signedWithSat("moral-fiel-EKU9003173C9", FIXED_NOW)
    const { identity, signature } = command
    spec.given(withContacts).when(command, ctx(FIXED_NOW))
      .then((events) => expect(events.map((e) => e._tag === "ConsentSigned" && [e.certificateNumber, e.actor.rfc, e.cadenaSha256]))
        .toEqual([[certificate.certificateNumber, "VADA800927DJ3", document.cadenaSha256]]))
    const csd = readSatCredential("moral-csd-EKU9003173C9")
    const csdNumber = Result.getOrThrow(readCertificate(csd.certificate)).certificateNumber
    spec.given(withContacts).when({ _tag: "SignConsent", identity, version: "2024-08", signature, certificate: csd.certificate }, ctx(FIXED_NOW))
      .thenFails(new CertificateNotFiel({ certificateNumber: csdNumber }))
  })
})
