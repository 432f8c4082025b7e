/**
 * The mailbox's events: what happened to one patrón's Buzón IMSS, from enrollment to consent.
 *
 * STORAGE CONTRACT. These class names (the stored `type`) and their fields are the storage format of
 * every `mailbox-{RFC}` stream, kept for years as evidence. Never rename or remove an event or a field,
 * and never change a field's meaning: add a new event (or an optional field) and keep decoding the old.
 * Instants are UTC epoch milliseconds; days are `YYYY-MM-DD` in the authority zone; bytes are base64.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { EventCodec } from "../app/decider.js"
import type { Json } from "../eventstore/EventStore.js"

/**
 * The stream that holds one mailbox: `mailbox-{RFC}` (STYLE.md §11), RFC in upper case as SAT writes it.
 * @example mailboxStreamName("EKU9003173C9") // => "mailbox-EKU9003173C9"
 * @since 0.1.0
 */
export const mailboxStreamName = (rfc: string): string => `mailbox-${rfc.toUpperCase()}`

/**
 * Who caused an event: the person's RFC (the legal representative's, when a persona moral acts through
 * the one named in its FIEL, DOMAIN §2.5), the certificate number used, and the patrón acted for.
 * @example const actor: Actor = { rfc: "VADA800927DJ3", certificateNumber: "30001000000500003416", onBehalfOf: "EKU9003173C9" }
 * @since 0.1.0
 */
export const Actor = Schema.Struct({
  rfc: Schema.String,
  certificateNumber: Schema.String,
  onBehalfOf: Schema.String,
})
/** The decoded type of `Actor`. @since 0.1.0 */
export type Actor = typeof Actor.Type

/**
 * A contact's channel: an email address or a Mexican mobile number (DOMAIN §1, medio de contacto).
 * @example const kind: ContactKind = "mobile"
 * @since 0.1.0
 */
export const ContactKind = Schema.Literals(["email", "mobile"])
/** `"email"` | `"mobile"`. @since 0.1.0 */
export type ContactKind = typeof ContactKind.Type

/**
 * The patrón authenticated with a valid FIEL and started enrolling its mailbox (DOMAIN §2.1).
 * @example new EnrollmentStarted({ rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE", certificateNumber: "30001000000500003416", actor, at })
 * @since 0.1.0
 */
export class EnrollmentStarted extends Schema.TaggedClass<EnrollmentStarted>()("EnrollmentStarted", {
  rfc: Schema.String,
  legalName: Schema.String,
  certificateNumber: Schema.String,
  actor: Actor,
  at: Schema.Number,
}) {}

/**
 * A contact was registered, its address normalised (email in lower case, mobile as E.164 `+52…`).
 * `replaces` names the contact it will replace once verified (DOMAIN §2.4).
 * @example new ContactRegistered({ rfc, contactId: "c1", kind: "email", address: "pagos@kemper.mx", actor, at })
 * @since 0.1.0
 */
export class ContactRegistered extends Schema.TaggedClass<ContactRegistered>()("ContactRegistered", {
  rfc: Schema.String,
  contactId: Schema.String,
  kind: ContactKind,
  address: Schema.String,
  replaces: Schema.optionalKey(Schema.String),
  actor: Actor,
  at: Schema.Number,
}) {}

/**
 * A one-time code was issued for a contact: only its salted hash is kept, valid until `expiresAt`
 * ([D] DOMAIN §2.2). The shell sends the code itself and forgets it.
 * @example new VerificationCodeIssued({ rfc, contactId: "c1", codeHash, salt, expiresAt: at + 72 * 3_600_000, actor, at })
 * @since 0.1.0
 */
export class VerificationCodeIssued extends Schema.TaggedClass<VerificationCodeIssued>()("VerificationCodeIssued", {
  rfc: Schema.String,
  contactId: Schema.String,
  codeHash: Schema.String,
  salt: Schema.String,
  expiresAt: Schema.Number,
  actor: Actor,
  at: Schema.Number,
}) {}

/**
 * A wrong code was entered: a fact, because it counts toward the 5-attempt limit ([D] DOMAIN §2.2).
 * @example new VerificationCodeRejected({ rfc, contactId: "c1", attempt: 1, actor, at })
 * @since 0.1.0
 */
export class VerificationCodeRejected extends Schema.TaggedClass<VerificationCodeRejected>()("VerificationCodeRejected", {
  rfc: Schema.String,
  contactId: Schema.String,
  attempt: Schema.Number,
  actor: Actor,
  at: Schema.Number,
}) {}

/**
 * The right code came back in time: the contact is verified (DOMAIN §2.2).
 * @example new ContactVerified({ rfc, contactId: "c1", actor, at })
 * @since 0.1.0
 */
export class ContactVerified extends Schema.TaggedClass<ContactVerified>()("ContactVerified", {
  rfc: Schema.String,
  contactId: Schema.String,
  actor: Actor,
  at: Schema.Number,
}) {}

/**
 * A contact was removed; `replacedBy` when a verified replacement took its place (DOMAIN §2.4).
 * @example new ContactRemoved({ rfc, contactId: "c1", actor, at })
 * @since 0.1.0
 */
export class ContactRemoved extends Schema.TaggedClass<ContactRemoved>()("ContactRemoved", {
  rfc: Schema.String,
  contactId: Schema.String,
  replacedBy: Schema.optionalKey(Schema.String),
  actor: Actor,
  at: Schema.Number,
}) {}

/**
 * The patrón signed the consent document with its FIEL; the mailbox is active from `at` (DOMAIN §2.3–4).
 * Keeps what an auditor needs to re-verify it offline: the document version and day, the cadena
 * original's and the text's SHA-256, the signature and the certificate (both base64 DER).
 * @example new ConsentSigned({ rfc, version: "2024-08", documentDate: "2026-11-30", cadenaSha256, textSha256, certificateNumber, certificate, signature, actor, at })
 * @since 0.1.0
 */
export class ConsentSigned extends Schema.TaggedClass<ConsentSigned>()("ConsentSigned", {
  rfc: Schema.String,
  version: Schema.String,
  documentDate: Schema.String,
  cadenaSha256: Schema.String,
  textSha256: Schema.String,
  certificateNumber: Schema.String,
  certificate: Schema.String,
  signature: Schema.String,
  actor: Actor,
  at: Schema.Number,
}) {}

/**
 * Every mailbox event.
 * @example const event: MailboxEvent = new ContactVerified({ rfc, contactId: "c1", actor, at })
 * @since 0.1.0
 */
export const MailboxEvent = Schema.Union([
  EnrollmentStarted,
  ContactRegistered,
  VerificationCodeIssued,
  VerificationCodeRejected,
  ContactVerified,
  ContactRemoved,
  ConsentSigned,
])
/** Any mailbox event (the union of the classes above). @since 0.1.0 */
export type MailboxEvent = typeof MailboxEvent.Type

const classes = {
  EnrollmentStarted, ContactRegistered, VerificationCodeIssued, VerificationCodeRejected, ContactVerified, ContactRemoved, ConsentSigned,
} as const
const isTag = (type: string): type is keyof typeof classes => Object.hasOwn(classes, type)
// An unknown type goes through the union's decoder, which refuses it with the schema's own message.
const decodeUnknownType = Schema.decodeUnknownSync(MailboxEvent)

/**
 * How mailbox events are stored: `type` is the `_tag`, `data` the other fields as JSON. Every field's
 * JSON form is its value (strings, numbers, literals, the `Actor` record), so encoding is a copy and
 * decoding is the event's class constructor, which checks each field's type and shape, drops undeclared
 * keys, and throws on a stored event that does not match: the history is corrupt, not a user's mistake.
 * Nothing is trusted: a mailbox stream is short, so the check costs little (compare `storedNotificationCodec`).
 * @example mailboxCodec.decode("ContactVerified", { rfc, contactId: "c1", actor, at }) // => a ContactVerified
 * @since 0.1.0
 */
export const mailboxCodec: EventCodec<MailboxEvent> = {
  encode: (event) => {
    const { _tag, ...data } = event // a copy: the fields' JSON forms are their values
    return { type: _tag, data: data as { readonly [key: string]: Json } }
  },
  decode: (type, data) => {
    if (!isTag(type)) return decodeUnknownType({ ...(data as object), _tag: type })
    return new classes[type](data as never) as MailboxEvent
  },
}
