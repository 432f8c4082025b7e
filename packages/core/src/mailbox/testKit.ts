/**
 * Test support for the mailbox specs (not exported from the package): a fixed clock, generated FIEL
 * and CSD credentials issued by a generated test CA, and builders for the events of common histories.
 * Nothing here reads the real clock; keys are generated once per test file.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { DecideContext } from "../app/decider.js"
import { fold, isEvents } from "../app/decider.js"
import { makeCalendar } from "../calendar/calendar.js"
import { readCertificate } from "../efirma/certificate.js"
import { readCredential } from "../efirma/privateKey.js"
import type { Credential } from "../efirma/privateKey.js"
import { sign } from "../efirma/signature.js"
import type { Certificate } from "../efirma/certificate.js"
import type { Identity } from "../efirma/identity.js"
import { generateTestCa, generateTestCredential } from "../efirma/testCredentials.js"
import { identityOf } from "../efirma/validate.js"
import type { MailboxCommand } from "./commands.js"
import { consentForMailbox } from "./consent.js"
import type { ConsentVersion } from "./consent.js"
import { actorOf, mailboxDecider } from "./decider.js"
import { ConsentSigned, ContactRegistered, ContactVerified, EnrollmentStarted, VerificationCodeIssued } from "./events.js"
import type { ContactKind, MailboxEvent } from "./events.js"
import type { MailboxState } from "./state.js"
import { CODE_TTL_MS, hashVerificationCode } from "./verificationCode.js"

/** 2026-11-30 12:00 in Mexico City (18:00 UTC): the instant the specs decide at. */
export const NOW = Date.parse("2026-11-30T18:00:00Z")
export const HOUR = 3_600_000
export const calendar = makeCalendar()
export const ctx = (now: number = NOW): DecideContext => ({ now, calendar })

export const RFC = "EKU9003173C9"
export const LEGAL_NAME = "ESCUELA KEMPER URGATE SA DE CV"
const representative = { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" }

/** The identity the persona moral's FIEL proves (its legal representative holds it): what `moralFiel()` reads. */
export const identity: Identity = { rfc: RFC, certificateNumber: "30001000000500003416", legalName: LEGAL_NAME, representative }
export const actor = actorOf(identity)
/** A persona física: another patrón. */
export const otherIdentity: Identity = { rfc: "CACX7605101P8", certificateNumber: "30001000000500003420", legalName: "XOCHILT CASAS CHAVEZ" }

/** A generated credential, read back the way the shell reads it. */
export interface TestSigner {
  readonly certificateDer: Uint8Array
  readonly certificate: Certificate
  readonly credential: Credential
  readonly identity: Identity
}

const notBefore = Date.parse("2025-01-01T00:00:00Z")
const notAfter = Date.parse("2029-01-01T00:00:00Z")
const once = <A>(make: () => A): (() => A) => {
  let value: { readonly made: A } | undefined
  return () => (value ??= { made: make() }).made
}
const testCa = once(() => generateTestCa({ commonName: "AC de pruebas Buzon", notBefore, notAfter }))

const signer = (options: {
  rfc: string; legalName: string; certificateNumber: string; kind?: "FIEL" | "CSD"
  representative?: { rfc: string; curp: string }; notBefore?: number; notAfter?: number
}): (() => TestSigner) => once(() => {
  const files = generateTestCredential({ ca: testCa(), notBefore, notAfter, password: "12345678a", ...options })
  const credential = Result.getOrThrow(readCredential(files.certificate, files.privateKey, files.password))
  const certificate = Result.getOrThrow(readCertificate(files.certificate))
  return { certificateDer: files.certificate, certificate, credential, identity: identityOf(certificate) }
})

// Generated on first use (RSA keys cost time): only the consent specs need them.
/** The persona moral's FIEL, held by its legal representative. */
export const moralFiel = signer({ rfc: RFC, legalName: LEGAL_NAME, representative, certificateNumber: identity.certificateNumber })
/** A second FIEL of the same patrón (a renewal): valid, but not the one the session used. */
export const moralRenewedFiel = signer({ rfc: RFC, legalName: LEGAL_NAME, representative, certificateNumber: "30001000000500003417" })
/** The same patrón's CSD (sello digital): never allowed to sign the consent. */
export const moralCsd = signer({ rfc: RFC, legalName: LEGAL_NAME, certificateNumber: "30001000000500003410", kind: "CSD" })
/** A FIEL that expired before `NOW`. */
export const moralExpiredFiel = signer({
  rfc: RFC, legalName: LEGAL_NAME, representative, certificateNumber: "30001000000500003401",
  notBefore: Date.parse("2022-01-01T00:00:00Z"), notAfter: Date.parse("2026-01-01T00:00:00Z"),
})
/** A persona física's FIEL: another patrón. */
export const otherFiel = signer({ rfc: otherIdentity.rfc, legalName: otherIdentity.legalName, certificateNumber: otherIdentity.certificateNumber })

/** RSA PKCS#1 v1.5 SHA-256 over the text's UTF-8 bytes (DOMAIN §2.3), as an e.firma client signs. */
export const signText = (by: TestSigner, text: string): Uint8Array => sign(by.credential, text)

/** Signs the consent the decider will render for `state` at `now`. */
export const signConsentCommand = (
  state: MailboxState, now: number = NOW, by: TestSigner = moralFiel(), version: ConsentVersion = "2024-08",
): MailboxCommand => {
  if (state.status === "unenrolled") throw new Error("the mailbox is not enrolled")
  const document = consentForMailbox(state, version, calendar, now)
  return { _tag: "SignConsent", identity: by.identity, version, certificate: by.certificateDer, signature: signText(by, document.cadenaOriginal) }
}

export const EMAIL = "pagos@kemper.mx"
export const MOBILE = "+525512345678"
export const SALT = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
export const CODE = "482913"

export const enrollmentStarted = (at: number = NOW - 2 * HOUR): EnrollmentStarted =>
  new EnrollmentStarted({ rfc: RFC, legalName: LEGAL_NAME, certificateNumber: identity.certificateNumber, actor, at })

export const contactRegistered = (contactId: string, kind: ContactKind, address: string, at: number = NOW - 2 * HOUR, replaces?: string) =>
  new ContactRegistered({ rfc: RFC, contactId, kind, address, actor, at, ...(replaces === undefined ? {} : { replaces }) })

export const codeIssued = (contactId: string, at: number = NOW - HOUR, code: string = CODE, salt: string = `${SALT}-${contactId}-${at}`) =>
  new VerificationCodeIssued({ rfc: RFC, contactId, codeHash: hashVerificationCode(code, salt), salt, expiresAt: at + CODE_TTL_MS, actor, at })

export const contactVerified = (contactId: string, at: number = NOW - HOUR / 2) => new ContactVerified({ rfc: RFC, contactId, actor, at })

/** A contact registered, sent a code and verified. */
export const verifiedContact = (contactId: string, kind: ContactKind, address: string): ReadonlyArray<MailboxEvent> =>
  [contactRegistered(contactId, kind, address), codeIssued(contactId), contactVerified(contactId)]

/** Enrolling, with one verified email (`e1`) and one verified mobile (`m1`). */
export const readyToSign: ReadonlyArray<MailboxEvent> = [
  enrollmentStarted(), ...verifiedContact("e1", "email", EMAIL), ...verifiedContact("m1", "mobile", MOBILE),
]

/** Decides and folds, throwing on a refusal: for building histories only. */
export const decideAll = (history: ReadonlyArray<MailboxEvent>, command: MailboxCommand, now: number = NOW): ReadonlyArray<MailboxEvent> => {
  const decision = mailboxDecider.decide(command, fold(mailboxDecider.evolve, mailboxDecider.initialState, history), ctx(now))
  if (!isEvents(decision)) throw new Error(`refused while building a history: ${decision.message}`)
  return [...history, ...decision]
}

/**
 * A consent signed at `at`, given as a fact (the decider never re-verifies history): its signature
 * and certificate fields are placeholders, so specs that only need an active mailbox generate no key.
 */
export const consentSigned = (at: number = NOW - 600_000): ConsentSigned =>
  new ConsentSigned({
    rfc: RFC, version: "2024-08", documentDate: "2026-11-30", cadenaSha256: "c".repeat(64), textSha256: "t".repeat(64),
    certificateNumber: identity.certificateNumber, certificate: "Y2VydGlmaWNhdGU=", signature: "c2lnbmF0dXJl", actor, at,
  })

/** An active mailbox: `readyToSign` plus the consent signed at `NOW - 10 min`. */
export const activeHistory: ReadonlyArray<MailboxEvent> = [...readyToSign, consentSigned()]
