/**
 * What the HTTP routes ask of the core: one method per use case, each an `Effect` whose failure is
 * a refusal the caller can cause (a tagged error with a stable tag) and whose defects are bugs or
 * an unavailable store. `fromBuzon` (in `buzonBackend.ts`) binds it to `@buzon/core`'s facade; the
 * routes never see the store, the deciders or the clock.
 *
 * @since 0.1.0
 */
import type { Effect } from "effect"
import type { ActType, Identity, Json } from "@buzon/core"
import type { ApiRefusal } from "./edge/problems.js"

/** A resource with the version that goes out as `ETag: W/"<version>"`. @since 0.1.0 */
export interface Versioned<A> {
  readonly version: number
  readonly value: A
}

/** A login challenge: sign `nonce` (UTF-8) with the e.firma and send it back before `expiresAt`. @since 0.1.0 */
export interface Challenge {
  readonly challengeId: string
  readonly nonce: string
  readonly expiresAt: number
}

/** A contact as the mailbox keeps it (the route masks `address` before it leaves). @since 0.1.0 */
export interface ContactView {
  readonly contactId: string
  readonly kind: "email" | "mobile"
  readonly address: string
  readonly verified: boolean
}

/** A mailbox as the API shows it. @since 0.1.0 */
export interface MailboxView {
  readonly rfc: string
  readonly status: "enrolling" | "active" | "suspended"
  readonly legalName: string
  readonly contacts: ReadonlyArray<ContactView>
  /** UTC epoch ms of activation (consent signed). */
  readonly activatedAt?: number
}

/** The consent document to sign: its text, its cadena original, and the SHA-256 of the cadena (hex). @since 0.1.0 */
export interface ConsentDocument {
  readonly version: string
  /** The day the document is dated (authority zone); sign it that day. */
  readonly day: string
  readonly document: string
  readonly cadenaOriginal: string
  readonly sha256: string
}

/** An act as the institute deposits it. @since 0.1.0 */
export interface ActInput {
  readonly type: ActType
  readonly reference: string
  readonly sha256: string
}

/** One line of the inbox: status, aviso instant, made and effect dates, plazos (JSON, as the core computes them). @since 0.1.0 */
export interface InboxEntry {
  readonly notificationId: string
  readonly [field: string]: Json | undefined
}

/**
 * The backend the routes call. A change's trailing `expectedVersion` is the version `If-Match` named:
 * the core applies the change at that version of the stream or fails with `StreamVersionMismatch`.
 * @since 0.1.0
 */
export interface BuzonBackend {
  readonly issueChallenge: () => Effect.Effect<Challenge, ApiRefusal>
  /** Checks the certificate (FIEL, valid now, chained to a trusted CA) and the signature over the nonce; the challenge is spent. */
  readonly acceptChallenge: (input: { readonly challengeId: string; readonly certificate: Uint8Array; readonly signature: Uint8Array }) => Effect.Effect<Identity, ApiRefusal>
  readonly startEnrollment: (identity: Identity, certificate: Uint8Array) => Effect.Effect<Versioned<MailboxView>, ApiRefusal>
  readonly mailbox: (rfc: string) => Effect.Effect<Versioned<MailboxView>, ApiRefusal>
  readonly addContact: (identity: Identity, rfc: string, contact: { readonly kind: "email" | "mobile"; readonly address: string }, expectedVersion?: number) => Effect.Effect<Versioned<ContactView>, ApiRefusal>
  /** Sends the contact a new code (the core limits resends: [D] 3 per hour). */
  readonly resendCode: (identity: Identity, rfc: string, contactId: string, expectedVersion?: number) => Effect.Effect<Versioned<ContactView>, ApiRefusal>
  readonly verifyContact: (identity: Identity, rfc: string, contactId: string, code: string, expectedVersion?: number) => Effect.Effect<Versioned<MailboxView>, ApiRefusal>
  readonly consentDocument: (rfc: string) => Effect.Effect<Versioned<ConsentDocument>, ApiRefusal>
  /** `version` is the consent version read with the document (the current one when absent). */
  readonly signConsent: (identity: Identity, certificate: Uint8Array, rfc: string, signature: Uint8Array, version?: string, expectedVersion?: number) => Effect.Effect<Versioned<MailboxView>, ApiRefusal>
  readonly deposit: (input: { readonly rfc: string; readonly act: ActInput; readonly idempotencyKey: string; readonly issuingUnit: string }) => Effect.Effect<{ readonly notificationId: string; readonly created: boolean }, ApiRefusal>
  readonly inbox: (rfc: string) => Effect.Effect<ReadonlyArray<InboxEntry>, ApiRefusal>
  /** One inbox line by id, with the notification stream's version (its ETag). */
  readonly notificationEntry: (notificationId: string) => Effect.Effect<Versioned<InboxEntry>, ApiRefusal>
  /** The notification's addressee and version, for authorization and `If-Match`. */
  readonly notification: (notificationId: string) => Effect.Effect<Versioned<{ readonly rfc: string }>, ApiRefusal>
  /** `expectedVersion` is the notification stream's version (the ETag of the inbox line). */
  readonly open: (identity: Identity, certificate: Uint8Array, notificationId: string, signature: Uint8Array, expectedVersion?: number) => Effect.Effect<Json, ApiRefusal>
  readonly evidence: (notificationId: string) => Effect.Effect<Json, ApiRefusal>
  readonly timeline: (input: { readonly deposited: number; readonly opened?: number }) => Effect.Effect<Json, ApiRefusal>
}
