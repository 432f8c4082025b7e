/**
 * Why the mailbox refused a command. Each refusal is tagged data named for the condition: the tag is
 * the stable code (never rename it), the fields are the facts, and `message` is written for the person
 * who sent the command. A refusal records nothing.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import type { EfirmaRejected } from "../efirma/errors.js"
import type { ContactKind } from "./events.js"

/** The mailbox has not been enrolled: authenticate with the FIEL first (DOMAIN §2.1). @example new MailboxNotEnrolled({ rfc: "EKU9003173C9" }) @since 0.1.0 */
export class MailboxNotEnrolled extends Data.TaggedError("MailboxNotEnrolled")<{ readonly rfc: string }> {
  override get message() { return `The mailbox of ${this.rfc} has not been enrolled yet: start by authenticating with your e.firma (FIEL).` }
}

/** The e.firma used belongs to another patrón than the mailbox's. @example new NotMailboxHolder({ rfc: "EKU9003173C9", actorRfc: "CACX7605101P8" }) @since 0.1.0 */
export class NotMailboxHolder extends Data.TaggedError("NotMailboxHolder")<{ readonly rfc: string; readonly actorRfc: string }> {
  override get message() { return `The e.firma of ${this.actorRfc} cannot act on the mailbox of ${this.rfc}.` }
}

/** The email address is not one we can send a code to. @example new InvalidEmailAddress({ address: "pagos@" }) @since 0.1.0 */
export class InvalidEmailAddress extends Data.TaggedError("InvalidEmailAddress")<{ readonly address: string }> {
  override get message() { return `"${this.address}" is not a valid email address.` }
}

/** The mobile number is not 10 Mexican digits (optionally after +52). @example new InvalidMobileNumber({ number: "12345" }) @since 0.1.0 */
export class InvalidMobileNumber extends Data.TaggedError("InvalidMobileNumber")<{ readonly number: string }> {
  override get message() { return `"${this.number}" is not a Mexican mobile number: write its 10 digits, e.g. 55 1234 5678.` }
}

/** [D] DOMAIN §2.2: at most 5 emails and 3 mobiles. @example new ContactLimitReached({ kind: "mobile", limit: 3 }) @since 0.1.0 */
export class ContactLimitReached extends Data.TaggedError("ContactLimitReached")<{ readonly kind: ContactKind; readonly limit: number }> {
  override get message() { return `A mailbox may have at most ${this.limit} ${this.kind === "email" ? "email addresses" : "mobile numbers"}: remove one first.` }
}

/** The address is already one of the mailbox's contacts. @example new DuplicateContact({ address: "pagos@kemper.mx", contactId: "c1" }) @since 0.1.0 */
export class DuplicateContact extends Data.TaggedError("DuplicateContact")<{ readonly address: string; readonly contactId: string }> {
  override get message() { return `${this.address} is already registered on this mailbox (contact ${this.contactId}).` }
}

/** The contact id was already used for another address (ids are never reused, even after removal). @example new ContactIdInUse({ contactId: "c1" }) @since 0.1.0 */
export class ContactIdInUse extends Data.TaggedError("ContactIdInUse")<{ readonly contactId: string }> {
  override get message() { return `Contact id ${this.contactId} is already used on this mailbox for another address.` }
}

/** No such contact on this mailbox (or it was removed). @example new UnknownContact({ contactId: "c9" }) @since 0.1.0 */
export class UnknownContact extends Data.TaggedError("UnknownContact")<{ readonly contactId: string }> {
  override get message() { return `There is no contact ${this.contactId} on this mailbox.` }
}

/** A replacement must keep the channel: an email replaces an email, a mobile a mobile. @example new ContactKindMismatch({ contactId: "c1", kind: "email" }) @since 0.1.0 */
export class ContactKindMismatch extends Data.TaggedError("ContactKindMismatch")<{ readonly contactId: string; readonly kind: ContactKind }> {
  override get message() { return `Contact ${this.contactId} is ${this.kind === "email" ? "an email address" : "a mobile number"}: replace it with another of the same kind.` }
}

/** The contact already has a replacement waiting for its code. @example new ReplacementPending({ contactId: "c1", replacementId: "c2" }) @since 0.1.0 */
export class ReplacementPending extends Data.TaggedError("ReplacementPending")<{ readonly contactId: string; readonly replacementId: string }> {
  override get message() { return `Contact ${this.contactId} is already being replaced by ${this.replacementId}: verify or remove that one first.` }
}

/** The contact is verified already: no code is needed. @example new ContactAlreadyVerified({ contactId: "c1" }) @since 0.1.0 */
export class ContactAlreadyVerified extends Data.TaggedError("ContactAlreadyVerified")<{ readonly contactId: string }> {
  override get message() { return `Contact ${this.contactId} is already verified.` }
}

/** [D] DOMAIN §2.2: at most 3 codes per contact in any hour. @example new CodeResendLimited({ contactId: "c1", retryAt: 1_764_504_000_000 }) @since 0.1.0 */
export class CodeResendLimited extends Data.TaggedError("CodeResendLimited")<{ readonly contactId: string; readonly retryAt: number }> {
  override get message() { return `Too many codes were sent to contact ${this.contactId} in the last hour; try again at ${new Date(this.retryAt).toISOString()}.` }
}

/** No code was ever issued for the contact. @example new NoCodeIssued({ contactId: "c1" }) @since 0.1.0 */
export class NoCodeIssued extends Data.TaggedError("NoCodeIssued")<{ readonly contactId: string }> {
  override get message() { return `No code has been sent to contact ${this.contactId}: request one first.` }
}

/** [D] DOMAIN §2.2: the code outlived its 72 hours. @example new CodeExpired({ contactId: "c1", expiredAt: 1_764_763_200_000 }) @since 0.1.0 */
export class CodeExpired extends Data.TaggedError("CodeExpired")<{ readonly contactId: string; readonly expiredAt: number }> {
  override get message() { return `The code sent to contact ${this.contactId} has expired; request a new one.` }
}

/** [D] DOMAIN §2.2: 5 wrong attempts lock the code until a new one is issued. @example new CodeLocked({ contactId: "c1", attempts: 5 }) @since 0.1.0 */
export class CodeLocked extends Data.TaggedError("CodeLocked")<{ readonly contactId: string; readonly attempts: number }> {
  override get message() { return `The code sent to contact ${this.contactId} was entered wrong ${this.attempts} times and is locked; request a new one.` }
}

/** DOMAIN §2.4: an active mailbox keeps at least one verified email and one verified mobile. @example new MinimumContactsRequired({ contactId: "c1", kind: "email" }) @since 0.1.0 */
export class MinimumContactsRequired extends Data.TaggedError("MinimumContactsRequired")<{ readonly contactId: string; readonly kind: ContactKind }> {
  override get message() { return `Contact ${this.contactId} is the mailbox's last verified ${this.kind === "email" ? "email address" : "mobile number"}: add and verify another before removing it.` }
}

/** No consent document of that version exists. @example new ConsentVersionUnknown({ version: "1999-01" }) @since 0.1.0 */
export class ConsentVersionUnknown extends Data.TaggedError("ConsentVersionUnknown")<{ readonly version: string }> {
  override get message() { return `There is no consent document of version ${this.version}.` }
}

/** DOMAIN §2.2–4: consent needs at least one verified email and one verified mobile. @example new ContactsNotVerified({ missing: ["mobile"] }) @since 0.1.0 */
export class ContactsNotVerified extends Data.TaggedError("ContactsNotVerified")<{ readonly missing: ReadonlyArray<ContactKind> }> {
  override get message() { return `Verify at least one ${this.missing.join(" and one ")} before signing the consent.` }
}

/** The certificate sent with the signature could not be read. @example new CertificateUnreadable({ reason: "not DER" }) @since 0.1.0 */
export class CertificateUnreadable extends Data.TaggedError("CertificateUnreadable")<{ readonly reason: string }> {
  override get message() { return `The certificate (.cer) could not be read: ${this.reason}.` }
}

/** DOMAIN §9: only a FIEL (no OU in its subject) may sign the consent, never a CSD. @example new CertificateNotFiel({ certificateNumber: "30001000000500003410" }) @since 0.1.0 */
export class CertificateNotFiel extends Data.TaggedError("CertificateNotFiel")<{ readonly certificateNumber: string }> {
  override get message() { return `Certificate ${this.certificateNumber} is a sello digital (CSD), not an e.firma (FIEL): sign with your FIEL.` }
}

/** DOMAIN §2.3: the signing certificate must be the mailbox patrón's. @example new CertificateRfcMismatch({ rfc: "EKU9003173C9", certificateRfc: "CACX7605101P8" }) @since 0.1.0 */
export class CertificateRfcMismatch extends Data.TaggedError("CertificateRfcMismatch")<{ readonly rfc: string; readonly certificateRfc: string }> {
  override get message() { return `The certificate belongs to ${this.certificateRfc}, not to ${this.rfc}.` }
}

/** DOMAIN §2.3: sign with the same e.firma you authenticated with. @example new SigningCertificateMismatch({ sessionCertificateNumber: "3000…16", signingCertificateNumber: "3000…17" }) @since 0.1.0 */
export class SigningCertificateMismatch extends Data.TaggedError("SigningCertificateMismatch")<{ readonly sessionCertificateNumber: string; readonly signingCertificateNumber: string }> {
  override get message() { return `You authenticated with certificate ${this.sessionCertificateNumber} but signed with ${this.signingCertificateNumber}: sign with the same e.firma.` }
}

/** DOMAIN §2.1: the certificate is outside its validity period at the instant of signing. @example new CertificateNotValidAt({ certificateNumber, validFrom, validTo, at }) @since 0.1.0 */
export class CertificateNotValidAt extends Data.TaggedError("CertificateNotValidAt")<{ readonly certificateNumber: string; readonly validFrom: number; readonly validTo: number; readonly at: number }> {
  override get message() { return `Certificate ${this.certificateNumber} is valid from ${new Date(this.validFrom).toISOString()} to ${new Date(this.validTo).toISOString()}, not at ${new Date(this.at).toISOString()}.` }
}

/** DOMAIN §2.3: the signature does not verify over the consent's cadena original. @example new ConsentSignatureInvalid({ version: "2024-08", cadenaSha256 }) @since 0.1.0 */
export class ConsentSignatureInvalid extends Data.TaggedError("ConsentSignatureInvalid")<{ readonly version: string; readonly cadenaSha256: string }> {
  override get message() { return `The signature does not match today's consent document (version ${this.version}, SHA-256 ${this.cadenaSha256}): render it again and sign it.` }
}

/**
 * Every refusal the mailbox decider can answer.
 * @example const refusal: MailboxRefusal = new UnknownContact({ contactId: "c9" })
 * @since 0.1.0
 */
export type MailboxRefusal =
  | MailboxNotEnrolled | NotMailboxHolder | InvalidEmailAddress | InvalidMobileNumber | ContactLimitReached
  | DuplicateContact | ContactIdInUse | UnknownContact | ContactKindMismatch | ReplacementPending
  | ContactAlreadyVerified | CodeResendLimited | NoCodeIssued | CodeExpired | CodeLocked
  | MinimumContactsRequired | ConsentVersionUnknown | ContactsNotVerified | CertificateUnreadable
  | CertificateNotFiel | CertificateRfcMismatch | SigningCertificateMismatch | CertificateNotValidAt
  | ConsentSignatureInvalid | EfirmaRejected
