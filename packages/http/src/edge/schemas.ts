/**
 * The request schemas, decoded at the edge (effect `Schema`); the same schemas generate the
 * OpenAPI document, so the documentation cannot drift from what the server accepts.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { ActType } from "@buzon/core"

// DOMAIN §1: 12 characters (persona moral) or 13 (persona física), Ñ and & allowed.
const RFC_PATTERN = /^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$/u
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/
const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/

/** An RFC in upper case. @since 0.1.0 */
export const Rfc = Schema.String.check(Schema.isPattern(RFC_PATTERN)).annotate({ description: "RFC: 12 characters (persona moral) or 13 (persona física); Ñ and & allowed", examples: ["EKU9003173C9"] })

/** Base64 bytes, bounded. @since 0.1.0 */
export const Base64 = (maxLength: number, description: string) =>
  Schema.String.check(Schema.isPattern(BASE64_PATTERN), Schema.isMaxLength(maxLength)).annotate({ description, contentEncoding: "base64" })

/** An opaque id (contact, notification, challenge). @since 0.1.0 */
export const Id = Schema.String.check(Schema.isPattern(ID_PATTERN)).annotate({ description: "An opaque id: 1–100 of A–Z a–z 0–9 _ -" })

/** An instant: ISO 8601 with an offset or Z. @since 0.1.0 */
export const Instant = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/),
).annotate({ description: "An instant, ISO 8601 with its offset, e.g. 2026-03-11T10:00:00-06:00", examples: ["2026-03-11T10:00:00-06:00"] })

/** `POST /auth/session`. @since 0.1.0 */
export const SessionRequest = Schema.Struct({
  challengeId: Id,
  certificate: Base64(16_384, "The e.firma certificate (.cer, DER), base64"),
  signature: Base64(2_048, "RSA PKCS#1 v1.5 SHA-256 signature over the nonce's UTF-8 bytes, base64"),
}).annotate({ title: "SessionRequest" })

/** `POST /mailboxes/{rfc}/contacts`. @since 0.1.0 */
export const ContactRequest = Schema.Struct({
  kind: Schema.Literals(["email", "mobile"]),
  address: Schema.String.check(Schema.isMinLength(3), Schema.isMaxLength(254)).annotate({ description: "An email address, or a mobile number in E.164 form (+52…)" }),
}).annotate({ title: "ContactRequest" })

/** `POST /mailboxes/{rfc}/contacts/{contactId}/verification`. @since 0.1.0 */
export const VerificationRequest = Schema.Struct({
  code: Schema.String.check(Schema.isPattern(/^[0-9]{6}$/)).annotate({ description: "The 6-digit one-time code sent to the contact" }),
}).annotate({ title: "VerificationRequest" })

/** `POST /mailboxes/{rfc}/consent` and `POST …/notifications/{id}/open`. @since 0.1.0 */
export const SignatureRequest = Schema.Struct({
  signature: Base64(2_048, "RSA PKCS#1 v1.5 SHA-256 signature, base64"),
}).annotate({ title: "SignatureRequest" })

/** `POST /mailboxes/{rfc}/consent`: the signature, and the consent version read with the document. @since 0.1.0 */
export const ConsentRequest = Schema.Struct({
  signature: Base64(2_048, "RSA PKCS#1 v1.5 SHA-256 signature over the cadena original's UTF-8 bytes, base64"),
  version: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(20)).annotate({ description: "The consent version from GET …/consent (default: the current one)" })),
}).annotate({ title: "ConsentRequest" })

/** `POST /notifications` (operator). @since 0.1.0 */
export const DepositRequest = Schema.Struct({
  rfc: Rfc,
  act: Schema.Struct({
    type: ActType.annotate({ description: "The kind of act (DOMAIN §1): the core's own schema" }),
    reference: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
    sha256: Schema.String.check(Schema.isPattern(/^[0-9a-f]{64}$/)).annotate({ description: "SHA-256 of the act's content, 64 lowercase hex" }),
  }),
  issuingUnit: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))),
}).annotate({ title: "DepositRequest" })

/** A route that takes no body: `{}` (or nothing) only. @since 0.1.0 */
export const EmptyBody = Schema.Struct({}).annotate({ title: "EmptyBody" })

/** `GET /timeline` query. @since 0.1.0 */
export const TimelineQuery = Schema.Struct({
  deposited: Instant,
  opened: Schema.optionalKey(Instant),
}).annotate({ title: "TimelineQuery" })

/** `POST /dev/clock` (development only). @since 0.1.0 */
export const ClockRequest = Schema.Struct({ now: Instant }).annotate({ title: "ClockRequest" })

/** The path parameters, each checked. @since 0.1.0 */
export const RfcPath = Schema.Struct({ rfc: Rfc })
/** @since 0.1.0 */
export const ContactPath = Schema.Struct({ rfc: Rfc, contactId: Id })
/** @since 0.1.0 */
export const NotificationPath = Schema.Struct({ rfc: Rfc, id: Id })
/** @since 0.1.0 */
export const EvidencePath = Schema.Struct({ id: Id })
