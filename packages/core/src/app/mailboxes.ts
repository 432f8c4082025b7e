/**
 * The mailbox use-cases (DOMAIN §2), as Effects over the ports: challenge login, enrollment,
 * contacts and their one-time codes, the consent document and its signature. The shell draws what
 * a decider may not (contact ids, 6-digit codes, salts) and sends codes through `AvisoSender`.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import type { ChallengeAnswer, IssuedChallenge } from "../efirma/challenge.js"
import type { Identity } from "../efirma/identity.js"
import { EventStore } from "../eventstore/EventStore.js"
import { consentForMailbox, isConsentVersion } from "../mailbox/consent.js"
import type { ConsentDocument } from "../mailbox/consent.js"
import { mailboxDecider } from "../mailbox/decider.js"
import { ConsentVersionUnknown, MailboxNotEnrolled, UnknownContact } from "../mailbox/errors.js"
import { mailboxCodec, mailboxStreamName } from "../mailbox/events.js"
import type { ContactKind, MailboxEvent } from "../mailbox/events.js"
import type { MailboxState } from "../mailbox/state.js"
import { hashVerificationCode } from "../mailbox/verificationCode.js"
import { AvisoSender } from "./AvisoSender.js"
import type { Channel } from "./AvisoSender.js"
import { BuzonConfig, drawVerificationCode, hexOf } from "./BuzonConfig.js"
import { fielAtUse } from "./fielAtUse.js"
import { useCaseSpan } from "./useCase.js"
import { handleCommand, loadStream } from "./handle.js"
import type { Aggregate, CommandOptions, Handled } from "./handle.js"
import type { MailboxCommand, SignConsent } from "../mailbox/commands.js"
import type { MailboxRefusal } from "../mailbox/errors.js"

/**
 * The mailbox aggregate as the shell runs it.
 * @example yield* handleCommand(mailboxAggregate, mailboxStreamName(identity.rfc), { _tag: "StartEnrollment", identity }, options)
 * @since 0.1.0
 */
export const mailboxAggregate: Aggregate<MailboxCommand, MailboxEvent, MailboxState, MailboxRefusal> = {
  decider: mailboxDecider,
  codec: mailboxCodec,
}

/**
 * What a mailbox command answers: the mailbox after it and the stream version (an ETag).
 * @example const { mailbox, version } = yield* enroll(identity) // mailbox.status === "enrolling"; version is the ETag
 * @since 0.1.0
 */
export interface MailboxResult {
  readonly mailbox: MailboxState
  readonly version: number
}

/**
 * A contact registered (or replaced) and the code sent to it.
 * @example const { contactId } = yield* addContact(identity, { kind: "mobile", address: "55 1234 5678" })
 * @since 0.1.0
 */
export interface ContactResult extends MailboxResult {
  readonly contactId: string
}

/**
 * The consent document of the current version and its version stamp.
 * @example CURRENT_CONSENT_VERSION // => "2024-08" (términos y condiciones, DOF 05-08-2024)
 * @since 0.1.0
 */
export const CURRENT_CONSENT_VERSION = "2024-08"

/**
 * The channel an AvisoSender uses for a contact kind: a mobile gets SMS.
 * @example channelOf("mobile") // => "sms"
 * @since 0.1.0
 */
export const channelOf = (kind: ContactKind): Channel => (kind === "email" ? "email" : "sms")

const optionsFor = (identity: Identity, commandId: string, expectedVersion: number | undefined) =>
  Effect.gen(function* () {
    const config = yield* BuzonConfig
    const options: CommandOptions = {
      calendar: config.calendar, actor: { kind: "efirma", identity }, commandId, ruleSetVersion: config.calendar.ruleSetVersion,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    }
    return options
  })

// `expectedVersion`: the mailbox version the caller read (If-Match); the command applies at it or fails (handle.ts).
const run = (identity: Identity, command: MailboxCommand, commandId: string, expectedVersion?: number) =>
  Effect.flatMap(optionsFor(identity, commandId, expectedVersion), (options) =>
    handleCommand(mailboxAggregate, mailboxStreamName(identity.rfc), command, options),
  )

const result = (handled: Handled<MailboxEvent, MailboxState>): MailboxResult => ({ mailbox: handled.state, version: handled.version })

/**
 * Issues a login challenge (a nonce to sign with the FIEL).
 * @example const { challengeId, nonce } = yield* issueChallenge()
 * @since 0.1.0
 */
export const issueChallenge = Effect.fnUntraced(function* () {
  const config = yield* BuzonConfig
  const now = yield* Clock.currentTimeMillis
  return config.challenges.issue(now) satisfies IssuedChallenge
}, useCaseSpan("Buzon.issueChallenge"))

/**
 * Accepts a signed challenge: the FIEL valid now, trusted, not revoked, and its signature over the nonce.
 * Rule: DOMAIN §2.1. Fails with `EfirmaRejected` (its `code` says which check).
 * @example const identity = yield* authenticate({ challengeId, certificate, signature })
 * @since 0.1.0
 */
export const authenticate = Effect.fnUntraced(function* (answer: ChallengeAnswer) {
  const config = yield* BuzonConfig
  const now = yield* Clock.currentTimeMillis
  return yield* config.challenges.accept(answer, {
    now,
    trust: config.trust,
    ...(config.revocation === undefined ? {} : { revocation: config.revocation }),
  })
}, useCaseSpan("Buzon.authenticate"))

/**
 * Starts enrolling the mailbox of the authenticated patrón (a repeat is a no-op).
 * Rule: DOMAIN §2.1 — only a FIEL proven by a challenge login gets here.
 * @example const { mailbox } = yield* enroll(identity) // mailbox.status === "enrolling"
 * @since 0.1.0
 */
export const enroll = Effect.fnUntraced(function* (identity: Identity) {
  return result(yield* run(identity, { _tag: "StartEnrollment", identity }, `enroll:${identity.rfc}`))
}, useCaseSpan("Buzon.enroll"))

/**
 * Reads a mailbox (unenrolled when it has no history).
 * @example const { mailbox } = yield* readMailbox("EKU9003173C9") // mailbox.status === "active"
 * @since 0.1.0
 */
export const readMailbox = Effect.fnUntraced(function* (rfc: string) {
  const loaded = yield* loadStream(mailboxAggregate, mailboxStreamName(rfc))
  return { mailbox: loaded.state, version: loaded.version } satisfies MailboxResult
}, useCaseSpan("Buzon.readMailbox"))

const sendCode = Effect.fnUntraced(function* (identity: Identity, contactId: string, expectedVersion?: number) {
  const config = yield* BuzonConfig
  const sender = yield* AvisoSender
  const { mailbox } = yield* readMailbox(identity.rfc)
  if (mailbox.status === "unenrolled") return yield* new MailboxNotEnrolled({ rfc: identity.rfc })
  const contact = mailbox.contacts.get(contactId)
  if (contact === undefined) return yield* new UnknownContact({ contactId })
  // [D] DOMAIN §2.2: the code is drawn here, in the shell; only its salted hash is recorded.
  const code = drawVerificationCode(config.randomBytes)
  const salt = hexOf(config.randomBytes, 16)
  const codeHash = hashVerificationCode(code, salt)
  const handled = yield* run(identity, { _tag: "IssueVerificationCode", identity, contactId, codeHash, salt }, `code:${contactId}:${salt}`, expectedVersion)
  yield* sender.send({
    channel: channelOf(contact.kind),
    to: contact.address,
    subject: "Buzón IMSS: código de verificación",
    body: `Su código de verificación del Buzón IMSS es ${code}. Vence en 72 horas.`,
    purpose: "verification-code",
  })
  return { ...result(handled), contactId } satisfies ContactResult
}, useCaseSpan("Buzon.sendCode"))

/**
 * Registers an email or mobile and sends it a 6-digit code. Rule: DOMAIN §2.2 (1–5 emails, 1–3 mobiles).
 * Fails with the mailbox's refusal, or `DispatchFailed` when the code could not be sent (resend it).
 * With `expectedVersion` (the mailbox version read), the contact is registered only on that version,
 * else `StreamVersionMismatch`; the code then issued is part of the same change.
 * @example const { contactId } = yield* addContact(identity, { kind: "email", address: "pagos@kemper.mx" })
 * @example yield* addContact(identity, { kind: "email", address: "pagos@kemper.mx" }, 4) // fails with StreamVersionMismatch when the mailbox is at 5
 * @since 0.1.0
 */
export const addContact = Effect.fnUntraced(function* (
  identity: Identity,
  input: { readonly kind: ContactKind; readonly address: string },
  expectedVersion?: number,
) {
  const config = yield* BuzonConfig
  const contactId = `c-${hexOf(config.randomBytes, 8)}`
  yield* run(identity, { _tag: "RegisterContact", identity, contactId, kind: input.kind, address: input.address }, `contact:${contactId}`, expectedVersion)
  return yield* sendCode(identity, contactId)
}, useCaseSpan("Buzon.addContact"))

/**
 * Sends a new code to a contact (rate-limited by the decider: [D] 3 per hour); with `expectedVersion`,
 * only on that mailbox version (else `StreamVersionMismatch`, and nothing is sent).
 * @example yield* resendCode(identity, "c-1f2e3d4c5b6a7980")
 * @since 0.1.0
 */
export const resendCode = Effect.fnUntraced(function* (identity: Identity, contactId: string, expectedVersion?: number) {
  return yield* sendCode(identity, contactId, expectedVersion)
}, useCaseSpan("Buzon.resendCode"))

/**
 * Checks the code the patrón typed. Rule: [D] DOMAIN §2.2 (72 h, 5 wrong attempts). With
 * `expectedVersion`, only on that mailbox version (else `StreamVersionMismatch`; a contact verified
 * already answers as a repeat does).
 * @example yield* verifyContact(identity, { contactId, code: "482913" })
 * @since 0.1.0
 */
export const verifyContact = Effect.fnUntraced(function* (
  identity: Identity,
  input: { readonly contactId: string; readonly code: string },
  expectedVersion?: number,
) {
  const now = yield* Clock.currentTimeMillis
  const command: MailboxCommand = { _tag: "VerifyContact", identity, contactId: input.contactId, code: input.code }
  return result(yield* run(identity, command, `verify:${input.contactId}:${now}`, expectedVersion))
}, useCaseSpan("Buzon.verifyContact"))

/**
 * Removes a contact; an active mailbox keeps ≥ 1 verified email and ≥ 1 verified mobile (DOMAIN §2.4).
 * @example yield* removeContact(identity, "c-1f2e3d4c5b6a7980")
 * @since 0.1.0
 */
export const removeContact = Effect.fnUntraced(function* (identity: Identity, contactId: string) {
  return result(yield* run(identity, { _tag: "RemoveContact", identity, contactId }, `remove:${contactId}`))
}, useCaseSpan("Buzon.removeContact"))

/**
 * Replaces a contact by a new address of its kind and sends the new one a code; the old one goes
 * when the new one is verified, so the mailbox is never left without it (DOMAIN §2.4).
 * @example const { contactId } = yield* replaceContact(identity, { contactId: old, address: "nuevo@kemper.mx" })
 * @since 0.1.0
 */
export const replaceContact = Effect.fnUntraced(function* (identity: Identity, input: { readonly contactId: string; readonly address: string }) {
  const config = yield* BuzonConfig
  const newContactId = `c-${hexOf(config.randomBytes, 8)}`
  yield* run(identity, { _tag: "ReplaceContact", identity, contactId: input.contactId, newContactId, address: input.address }, `replace:${newContactId}`)
  return yield* sendCode(identity, newContactId)
}, useCaseSpan("Buzon.replaceContact"))

/**
 * The consent document to sign, rendered for the mailbox as it stands now (RFC, legal name,
 * verified contacts, today's date in the calendar's zone), with its cadena original and SHA-256.
 * Rule: DOMAIN §2.3.
 * @example const doc = yield* consentDocument(identity) // doc.cadenaOriginal is what the FIEL signs
 * @since 0.1.0
 */
export const consentDocument = Effect.fnUntraced(function* (identity: Identity, version: string = CURRENT_CONSENT_VERSION) {
  const config = yield* BuzonConfig
  const now = yield* Clock.currentTimeMillis
  if (!isConsentVersion(version)) return yield* new ConsentVersionUnknown({ version })
  const { mailbox } = yield* readMailbox(identity.rfc)
  if (mailbox.status === "unenrolled") return yield* new MailboxNotEnrolled({ rfc: identity.rfc })
  return consentForMailbox(mailbox, version, config.calendar, now) satisfies ConsentDocument
}, useCaseSpan("Buzon.consentDocument"))

/**
 * Signs the consent: the FIEL is checked again at the instant of signing (chain, revocation), the
 * signature over the cadena original against the certificate; the mailbox becomes active.
 * Rule: DOMAIN §2.1, §2.3, §2.4. With `expectedVersion` (the mailbox version the document was read
 * at), only on that version (else `StreamVersionMismatch`; a consent signed already answers as a repeat).
 * @example yield* signConsent(identity, { version: "2024-08", certificate, signature: sign(credential, doc.cadenaOriginal) })
 * @since 0.1.0
 */
export const signConsent = Effect.fnUntraced(function* (
  identity: Identity,
  input: { readonly version: string; readonly certificate: Uint8Array; readonly signature: Uint8Array },
  expectedVersion?: number,
) {
  const { version, certificate, signature } = input
  const trustRefusal = yield* fielAtUse(certificate)
  const command: SignConsent = { _tag: "SignConsent", identity, version, certificate, signature, ...(trustRefusal === undefined ? {} : { trustRefusal }) }
  return result(yield* run(identity, command, `consent:${identity.rfc}:${version}`, expectedVersion))
}, useCaseSpan("Buzon.signConsent"))

/**
 * The events of a mailbox as recorded (for audits and the CLI).
 * @example (yield* mailboxHistory("EKU9003173C9"))[0]?.type // => "EnrollmentStarted"
 * @since 0.1.0
 */
export const mailboxHistory = Effect.fnUntraced(function* (rfc: string) {
  const store = yield* EventStore
  return yield* store.readStream(mailboxStreamName(rfc))
}, useCaseSpan("Buzon.mailboxHistory"))
