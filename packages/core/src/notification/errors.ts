/**
 * Why a notification command is refused. Each tag is a stable code (never rename one); each error
 * carries the facts that explain it and a message for whoever caused it. A refusal records nothing.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import { DateTime } from "luxon"
import { AUTHORITY_ZONE } from "../calendar/calendar.js"
import type { EfirmaRejected } from "../efirma/errors.js"

/** An instant as a reader in the authority zone says it: "2026-03-18 09:30 (America/Mexico_City)". */
const local = (instant: number): string =>
  `${DateTime.fromMillis(instant, { zone: AUTHORITY_ZONE }).toFormat("yyyy-MM-dd HH:mm")} (${AUTHORITY_ZONE})`

/**
 * The content hash is not 64 lowercase hex characters (a SHA-256).
 * @example new InvalidContentHash({ contentSha256: "ABC" })._tag // => "InvalidContentHash"
 * @since 0.1.0
 */
export class InvalidContentHash extends Data.TaggedError("InvalidContentHash")<{ readonly contentSha256: string }> {
  override get message() {
    return `The act's content hash "${this.contentSha256}" is not a SHA-256 in 64 lowercase hexadecimal characters.`
  }
}

/**
 * The RFC is not 12 (moral) or 13 (física) characters of the RFC alphabet (DOMAIN §1).
 * @example new InvalidRfc({ rfc: "EKU9003173C" }).message // => '"EKU9003173C" is not an RFC: …'
 * @since 0.1.0
 */
export class InvalidRfc extends Data.TaggedError("InvalidRfc")<{ readonly rfc: string }> {
  override get message() {
    return `"${this.rfc}" is not an RFC: 12 (persona moral) or 13 (persona física) characters are expected.`
  }
}

/**
 * The idempotency key was already used for a different act, or the notification id is taken.
 * @example decide(deposit({ contentSha256: other }), deposited, ctx) // => DepositConflict { notificationId: "n1", idempotencyKey: "k-1" }
 * @since 0.1.0
 */
export class DepositConflict extends Data.TaggedError("DepositConflict")<{
  readonly notificationId: string
  readonly idempotencyKey: string
}> {
  override get message() {
    return `Notification ${this.notificationId} already holds a different act (key ${this.idempotencyKey}); use a new key for a new act.`
  }
}

/**
 * No act was deposited under this notification id.
 * @example decide(markDeemed, initialNotificationState, ctx) // => UnknownNotification { notificationId: "n1" }
 * @since 0.1.0
 */
export class UnknownNotification extends Data.TaggedError("UnknownNotification")<{ readonly notificationId: string }> {
  override get message() {
    return `There is no notification ${this.notificationId}.`
  }
}

/**
 * Avisos are dispatched only inside a window, business days 09:30–18:00 (DOMAIN §3.2).
 * @example decide(dispatch, deposited, at("2026-03-11T18:00")) // => OutsideNotificationWindow { nextWindowAt: instant("2026-03-12T09:30-06:00") }
 * @since 0.1.0
 */
export class OutsideNotificationWindow extends Data.TaggedError("OutsideNotificationWindow")<{
  readonly notificationId: string
  readonly at: number
  readonly nextWindowAt: number
}> {
  override get message() {
    return `An aviso for ${this.notificationId} cannot be dispatched now: outside business days 09:30–18:00. Next window: ${local(this.nextWindowAt)}.`
  }
}

/**
 * A retry of the aviso was scheduled for later ([D] backoff).
 * @example decide(dispatch, retrying, at("2026-03-11T09:45")) // => AvisoNotDue { dueAt: instant("2026-03-11T09:46-06:00") }
 * @since 0.1.0
 */
export class AvisoNotDue extends Data.TaggedError("AvisoNotDue")<{ readonly notificationId: string; readonly dueAt: number }> {
  override get message() {
    return `The next aviso for ${this.notificationId} is not due until ${local(this.dueAt)}.`
  }
}

/**
 * The act is in estrados: there is no mailbox delivery to dispatch or open.
 * @example decide(open(fiel), inEstrados, ctx) // => NotifiedByEstrados { notifiedAt: instant("2026-03-18T09:30-06:00") }
 * @since 0.1.0
 */
export class NotifiedByEstrados extends Data.TaggedError("NotifiedByEstrados")<{
  readonly notificationId: string
  readonly notifiedAt: number
}> {
  override get message() {
    return `Notification ${this.notificationId} is published in estrados (CFF art. 139), not delivered to the mailbox.`
  }
}

/**
 * An outcome names an attempt that is not the one awaiting its outcome.
 * @example decide(sentAll(2), attempting1, ctx) // => UnknownAvisoAttempt { attempt: 2 }
 * @since 0.1.0
 */
export class UnknownAvisoAttempt extends Data.TaggedError("UnknownAvisoAttempt")<{
  readonly notificationId: string
  readonly attempt: number
}> {
  override get message() {
    return `Aviso attempt ${this.attempt} of ${this.notificationId} is not awaiting an outcome.`
  }
}

/**
 * The opening's certificate could not be read, or is not a FIEL valid now (DOMAIN §2.1, §9).
 * @example decide(open(csd), avisado, ctx) // => OpeningCertificateRejected { reason: "certificate … is a CSD, not a FIEL." }
 * @since 0.1.0
 */
export class OpeningCertificateRejected extends Data.TaggedError("OpeningCertificateRejected")<{
  readonly notificationId: string
  readonly reason: string
}> {
  override get message() {
    return `The e.firma used to open ${this.notificationId} was rejected: ${this.reason}`
  }
}

/**
 * The signature is not the certificate holder's over the act's SHA-256 (DOMAIN §3.4).
 * @example decide(open(fiel, otherHash), avisado, ctx) // => OpeningSignatureInvalid { certificateNumber }
 * @since 0.1.0
 */
export class OpeningSignatureInvalid extends Data.TaggedError("OpeningSignatureInvalid")<{
  readonly notificationId: string
  readonly certificateNumber: string
}> {
  override get message() {
    return `The signature does not verify with certificate ${this.certificateNumber} over the act's hash: sign the act's SHA-256 (lowercase hex) again.`
  }
}

/**
 * Who opens is not the addressee nor its representative (DOMAIN §2.5).
 * @example decide(open(stranger), avisado, ctx) // => NotTheAddressee { addresseeRfc: "EKU9003173C9", presentedRfc: "CACX7605101P8" }
 * @since 0.1.0
 */
export class NotTheAddressee extends Data.TaggedError("NotTheAddressee")<{
  readonly notificationId: string
  readonly addresseeRfc: string
  readonly presentedRfc: string
}> {
  override get message() {
    return `Notification ${this.notificationId} is addressed to ${this.addresseeRfc}; an e.firma of ${this.presentedRfc} cannot open it.`
  }
}

/**
 * The aviso has not been delivered yet, so there is no open window to be over (DOMAIN §3.5).
 * @example decide(markDeemed, deposited, ctx) // => AvisoNotDelivered { notificationId: "n1" }
 * @since 0.1.0
 */
export class AvisoNotDelivered extends Data.TaggedError("AvisoNotDelivered")<{ readonly notificationId: string }> {
  override get message() {
    return `Notification ${this.notificationId} cannot be deemed: no aviso has been delivered yet.`
  }
}

/**
 * The act can still be opened: it is deemed only from `deemableAt` (DOMAIN §3.5).
 * @example decide(markDeemed, avisado, at("2026-03-17T17:00")) // => OpenWindowNotOver { deemableAt: instant("2026-03-18T09:30-06:00") }
 * @since 0.1.0
 */
export class OpenWindowNotOver extends Data.TaggedError("OpenWindowNotOver")<{
  readonly notificationId: string
  readonly deemableAt: number
}> {
  override get message() {
    return `Notification ${this.notificationId} can still be opened; it is deemed made from ${local(this.deemableAt)}.`
  }
}

/**
 * The estrados publication runs until the 11th business day (CFF art. 139).
 * @example decide(markDeemed, inEstrados, at("2026-03-17T23:00")) // => EstradosPublicationRunning { notifiedAt: instant("2026-03-18T09:30-06:00") }
 * @since 0.1.0
 */
export class EstradosPublicationRunning extends Data.TaggedError("EstradosPublicationRunning")<{
  readonly notificationId: string
  readonly notifiedAt: number
}> {
  override get message() {
    return `Notification ${this.notificationId} is still being published in estrados; it is made at ${local(this.notifiedAt)}.`
  }
}

/** Every refusal of the notification decider. @since 0.1.0 */
export type NotificationRefusal =
  | InvalidContentHash
  | InvalidRfc
  | DepositConflict
  | UnknownNotification
  | OutsideNotificationWindow
  | AvisoNotDue
  | NotifiedByEstrados
  | UnknownAvisoAttempt
  | OpeningCertificateRejected
  | EfirmaRejected
  | OpeningSignatureInvalid
  | NotTheAddressee
  | AvisoNotDelivered
  | OpenWindowNotOver
  | EstradosPublicationRunning
