/**
 * What a patrón (or its legal representative) asks of its mailbox. The shell supplies everything the
 * decider may not make up: ids, salts, code hashes, the authenticated identity; `now` comes in the
 * decide context. Every command carries the `identity` proven by a FIEL challenge login: the events it
 * causes record it as their `actor` (DOMAIN §2.5).
 *
 * @since 0.1.0
 */
import type { EfirmaRejected } from "../efirma/errors.js"
import type { Identity } from "../efirma/identity.js"
import type { ContactKind } from "./events.js"

/**
 * Start enrolling: the shell has already validated the FIEL (DOMAIN §2.1) and passes the identity it
 * proves, certificate number included.
 * @example const cmd: StartEnrollment = { _tag: "StartEnrollment", identity }
 * @since 0.1.0
 */
export interface StartEnrollment {
  readonly _tag: "StartEnrollment"
  readonly identity: Identity
}

/**
 * Register an email address or a mobile number under an id the shell chose ([D] DOMAIN §2.2).
 * @example const cmd: RegisterContact = { _tag: "RegisterContact", identity, contactId: "c1", kind: "mobile", address: "55 1234 5678" }
 * @since 0.1.0
 */
export interface RegisterContact {
  readonly _tag: "RegisterContact"
  readonly identity: Identity
  readonly contactId: string
  readonly kind: ContactKind
  readonly address: string
}

/**
 * Replace a contact by a new address of the same kind: the new one is registered now, and the old one
 * is removed when the new one is verified, so the mailbox is never left without it (DOMAIN §2.4).
 * @example const cmd: ReplaceContact = { _tag: "ReplaceContact", identity, contactId: "c1", newContactId: "c3", address: "nuevo@kemper.mx" }
 * @since 0.1.0
 */
export interface ReplaceContact {
  readonly _tag: "ReplaceContact"
  readonly identity: Identity
  readonly contactId: string
  readonly newContactId: string
  readonly address: string
}

/**
 * Issue (or resend) a one-time code: the shell draws the 6-digit code and a fresh salt, sends the
 * code, and passes `hashVerificationCode(code, salt)`. The salt identifies the issue: a retry with the
 * same salt is a no-op.
 * @example const cmd: IssueVerificationCode = { _tag: "IssueVerificationCode", identity, contactId: "c1", codeHash: hashVerificationCode("482913", salt), salt }
 * @since 0.1.0
 */
export interface IssueVerificationCode {
  readonly _tag: "IssueVerificationCode"
  readonly identity: Identity
  readonly contactId: string
  readonly codeHash: string
  readonly salt: string
}

/**
 * Check the code the patrón typed for a contact.
 * @example const cmd: VerifyContact = { _tag: "VerifyContact", identity, contactId: "c1", code: "482913" }
 * @since 0.1.0
 */
export interface VerifyContact {
  readonly _tag: "VerifyContact"
  readonly identity: Identity
  readonly contactId: string
  readonly code: string
}

/**
 * Remove a contact.
 * @example const cmd: RemoveContact = { _tag: "RemoveContact", identity, contactId: "c2" }
 * @since 0.1.0
 */
export interface RemoveContact {
  readonly _tag: "RemoveContact"
  readonly identity: Identity
  readonly contactId: string
}

/**
 * Sign the consent document of `version` (rendered for the mailbox on the day of `now`): an RSA
 * PKCS#1 v1.5 SHA-256 signature over its cadena original, and the signing certificate (DER).
 * @example const cmd: SignConsent = { _tag: "SignConsent", identity, version: "2024-08", signature, certificate }
 * @since 0.1.0
 */
export interface SignConsent {
  readonly _tag: "SignConsent"
  readonly identity: Identity
  readonly version: string
  readonly signature: Uint8Array
  readonly certificate: Uint8Array
  /** What the shell found wrong with the certificate's chain or revocation at the instant of signing (DOMAIN §2.1); absent when nothing. */
  readonly trustRefusal?: EfirmaRejected
}

/**
 * Every mailbox command.
 * @example const cmd: MailboxCommand = { _tag: "RemoveContact", identity, contactId: "c2" }
 * @since 0.1.0
 */
export type MailboxCommand =
  | StartEnrollment
  | RegisterContact
  | ReplaceContact
  | IssueVerificationCode
  | VerifyContact
  | RemoveContact
  | SignConsent
