/**
 * The decision that activates a mailbox: the patrón signs the consent document with its FIEL
 * (DOMAIN §2.3–4). The decider renders the document itself, for the day of `now` in the calendar's
 * zone, and checks the signature over its cadena original against the certificate sent with it.
 *
 * The certificate's chain to a SAT CA and its revocation status are not checked here (they need the
 * trust store and the OCSP port): the shell checks them at the instant of signing and passes what it
 * found as `trustRefusal`; and this decision requires the signing certificate to be the one the
 * session logged in with (same certificate number).
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import { readCertificate } from "../efirma/certificate.js"
import { verifySignature } from "../efirma/signature.js"
import type { SignConsent } from "./commands.js"
import { consentForMailbox, isConsentVersion } from "./consent.js"
import type { MailboxDecision, MailboxTurn } from "./decider.js"
import {
  CertificateNotFiel, CertificateNotValidAt, CertificateRfcMismatch, CertificateUnreadable, ConsentSignatureInvalid,
  ConsentVersionUnknown, ContactsNotVerified, SigningCertificateMismatch,
} from "./errors.js"
import { ConsentSigned } from "./events.js"
import type { ContactKind } from "./events.js"
import { verifiedContacts } from "./state.js"

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64")

/**
 * Signs the consent: refused unless the certificate is a readable FIEL of the mailbox's RFC, the one
 * the session authenticated with and valid now; at least one email and one mobile are verified; and
 * the signature verifies. Signing the version already signed is a no-op; signing another version
 * (e.g. the 2024 terms over a 2020 consent) records the new consent.
 * @example decideSignConsent({ _tag: "SignConsent", identity, version: "2024-08", signature, certificate }, turn)
 * // => [ConsentSigned { version: "2024-08", documentDate: "2026-11-30", cadenaSha256, … }]
 * @since 0.1.0
 */
export const decideSignConsent = (command: SignConsent, { mailbox, actor, context }: MailboxTurn): MailboxDecision => {
  const { version } = command
  if (mailbox.status === "active" && mailbox.consent.version === version) return [] // signed already
  if (!isConsentVersion(version)) return new ConsentVersionUnknown({ version })
  // DOMAIN §2.1: a valid FIEL — readable, not a CSD, the patrón's, the session's, within its validity.
  const read = readCertificate(command.certificate)
  if (Result.isFailure(read)) return new CertificateUnreadable({ reason: read.failure.detail })
  const certificate = read.success
  const { certificateNumber } = certificate
  if (certificate.kind !== "FIEL") return new CertificateNotFiel({ certificateNumber })
  if (certificate.rfc !== mailbox.rfc) return new CertificateRfcMismatch({ rfc: mailbox.rfc, certificateRfc: certificate.rfc })
  if (certificateNumber !== actor.certificateNumber)
    return new SigningCertificateMismatch({ sessionCertificateNumber: actor.certificateNumber, signingCertificateNumber: certificateNumber })
  if (context.now < certificate.notBefore || context.now > certificate.notAfter)
    return new CertificateNotValidAt({ certificateNumber, validFrom: certificate.notBefore, validTo: certificate.notAfter, at: context.now })
  if (command.trustRefusal !== undefined) return command.trustRefusal // chained to a SAT CA, not revoked (the shell's check)
  // DOMAIN §2.2: at least one verified email and one verified mobile.
  const missing = (["email", "mobile"] as const).filter((kind: ContactKind) => verifiedContacts(mailbox, kind).length === 0)
  if (missing.length > 0) return new ContactsNotVerified({ missing })
  // DOMAIN §2.3: RSA PKCS#1 v1.5 SHA-256 over the cadena original's UTF-8 bytes, verified against the certificate.
  const document = consentForMailbox(mailbox, version, context.calendar, context.now)
  if (!verifySignature(certificate, document.cadenaOriginal, command.signature))
    return new ConsentSignatureInvalid({ version, cadenaSha256: document.cadenaSha256 })
  return [new ConsentSigned({
    rfc: mailbox.rfc, version, documentDate: document.day, cadenaSha256: document.cadenaSha256, textSha256: document.textSha256,
    certificateNumber, certificate: base64(certificate.der), signature: base64(command.signature), actor, at: context.now,
  })]
}
