/**
 * The routes as data: method, path, who may call, the request schema and the answers. The OpenAPI
 * document and the docs page are generated from it, and the schemas are the ones the routes decode with.
 *
 * @since 0.1.0
 */
import type { Schema } from "effect"
import { ClockRequest, ConsentRequest, ContactRequest, DepositRequest, SessionRequest, SignatureRequest, VerificationRequest } from "../edge/schemas.js"

/** Who may call a route. @since 0.1.0 */
export type Audience = "public" | "employer" | "operator" | "employer-or-operator" | "development"

/** One route of the API. @since 0.1.0 */
export interface RouteSpec {
  readonly method: "get" | "post"
  readonly path: string
  readonly summary: string
  readonly audience: Audience
  readonly body?: Schema.Top
  readonly query?: ReadonlyArray<{ readonly name: string; readonly required: boolean; readonly description: string }>
  readonly headers?: ReadonlyArray<{ readonly name: string; readonly required: boolean; readonly description: string }>
  readonly success: { readonly status: number; readonly description: string }
  /** Problem tags this route may answer besides the generic ones (400, 401, 413, 415, 429, 500). */
  readonly problems: ReadonlyArray<string>
}

const ifMatch = {
  name: "If-Match", required: false,
  description: 'The ETag you read (W/"n"; strong "n", a list, or * also accepted). The change is made at that version or not at all: 412 if the resource changed since, even while this request was handled. A change already made (a repeated request) answers as it did the first time.',
}

/** The API's routes. @since 0.1.0 */
export const catalogue: ReadonlyArray<RouteSpec> = [
  { method: "post", path: "/auth/challenge", summary: "Start an e.firma login: a nonce to sign", audience: "public", success: { status: 201, description: "{ challengeId, nonce, expiresAt }" }, problems: ["RateLimited"] },
  { method: "post", path: "/auth/session", summary: "Finish the login: the certificate and the signature over the nonce's UTF-8 bytes", audience: "public", body: SessionRequest, success: { status: 201, description: "{ token, rfc, legalName, certificateNumber, expiresAt }: a short-lived bearer token" }, problems: ["EfirmaRejected", "RateLimited"] },
  { method: "post", path: "/mailboxes", summary: "Start the enrollment of the session's RFC (DOMAIN §2)", audience: "employer", success: { status: 201, description: "The mailbox (contacts masked), with its ETag" }, problems: [] },
  { method: "get", path: "/mailboxes/{rfc}", summary: "The mailbox, contacts masked", audience: "employer-or-operator", success: { status: 200, description: "The mailbox, with its ETag" }, problems: ["NotYourMailbox"] },
  { method: "post", path: "/mailboxes/{rfc}/contacts", summary: "Add an email or mobile contact; a one-time code is sent to it", audience: "employer", body: ContactRequest, headers: [ifMatch], success: { status: 201, description: "The contact (masked)" }, problems: ["NotYourMailbox", "PreconditionFailed"] },
  { method: "post", path: "/mailboxes/{rfc}/contacts/{contactId}/verification", summary: "Verify a contact with its 6-digit code", audience: "employer", body: VerificationRequest, headers: [ifMatch], success: { status: 200, description: "The mailbox" }, problems: ["NotYourMailbox", "PreconditionFailed", "RateLimited", "VerificationCodeRejected", "CodeLocked", "CodeExpired"] },
  { method: "post", path: "/mailboxes/{rfc}/contacts/{contactId}/code", summary: "Send the contact a new code (after one expired or was locked); [D] at most 3 per hour", audience: "employer", headers: [ifMatch], success: { status: 202, description: "The contact (masked)" }, problems: ["NotYourMailbox", "PreconditionFailed", "CodeResendLimited", "ContactAlreadyVerified", "UnknownContact"] },
  { method: "get", path: "/mailboxes/{rfc}/consent", summary: "The consent document, its cadena original and SHA-256", audience: "employer", success: { status: 200, description: "{ version, document, cadenaOriginal, sha256 }" }, problems: ["NotYourMailbox"] },
  { method: "post", path: "/mailboxes/{rfc}/consent", summary: "Sign the consent (RSA-SHA256 over the cadena original's UTF-8 bytes): the mailbox becomes active", audience: "employer", body: ConsentRequest, headers: [ifMatch], success: { status: 200, description: "The mailbox, active" }, problems: ["NotYourMailbox", "PreconditionFailed", "ContactsNotVerified", "ConsentSignatureInvalid", "EfirmaRejected"] },
  { method: "post", path: "/notifications", summary: "Deposit an act for an RFC (institute operators)", audience: "operator", body: DepositRequest, headers: [{ name: "Idempotency-Key", required: true, description: "A key per act: a retry with the same key deposits nothing new" }], success: { status: 201, description: "{ notificationId } (200 when the key was seen before)" }, problems: ["IdempotencyKeyMissing"] },
  { method: "get", path: "/mailboxes/{rfc}/notifications", summary: "The inbox: status, aviso instant, made and effect dates, plazos", audience: "employer-or-operator", success: { status: 200, description: "An array of notifications" }, problems: ["NotYourMailbox"] },
  { method: "get", path: "/mailboxes/{rfc}/notifications/{id}", summary: "One notification of the inbox, with its ETag (send it as If-Match when opening)", audience: "employer-or-operator", success: { status: 200, description: "The inbox line" }, problems: ["NotYourMailbox", "UnknownNotification"] },
  { method: "post", path: "/mailboxes/{rfc}/notifications/{id}/open", summary: "Open an act with e.firma (RSA-SHA256 over the act's SHA-256 lowercase hex): the acuse de recibo", audience: "employer", body: SignatureRequest, headers: [ifMatch], success: { status: 200, description: "The acuse de recibo (DOMAIN §8): who authenticated, with which certificate, when, when it counts as made, the act's hash, its cadena original and the institute's sello digital" }, problems: ["NotYourMailbox", "PreconditionFailed", "OpeningCertificateRejected", "OpeningSignatureInvalid", "EfirmaRejected"] },
  { method: "get", path: "/notifications/{id}/evidence", summary: "The evidence bundle (aviso, acuse or constancia; sello digital), verifiable offline", audience: "employer-or-operator", success: { status: 200, description: "The bundle" }, problems: ["NotYourMailbox"] },
  { method: "get", path: "/timeline", summary: "The public calculator: when an act deposited (and opened) is made, takes effect, and its plazos end", audience: "public",
    query: [{ name: "deposited", required: true, description: "ISO 8601 instant with offset" }, { name: "opened", required: false, description: "ISO 8601 instant with offset" }],
    success: { status: 200, description: "The timeline with its legal bases and versions" }, problems: [] },
  { method: "get", path: "/openapi.json", summary: "This document", audience: "public", success: { status: 200, description: "OpenAPI 3.1" }, problems: [] },
  { method: "get", path: "/docs", summary: "The reference page", audience: "public", success: { status: 200, description: "HTML" }, problems: [] },
  { method: "get", path: "/dev/outbox", summary: "Development only: the messages sent (codes in the bodies)", audience: "development", success: { status: 200, description: "[{ channel, to, subject, body, purpose, sentAt }]" }, problems: [] },
  { method: "get", path: "/dev/clock", summary: "Development only: the server's clock", audience: "development", success: { status: 200, description: "{ now }" }, problems: [] },
  { method: "post", path: "/dev/clock", summary: "Development only: set the server's clock and run due work", audience: "development", body: ClockRequest, success: { status: 200, description: "{ now }" }, problems: [] },
]
