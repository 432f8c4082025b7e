/**
 * The commands a notification decides. The shell supplies what a decision needs besides state: what
 * it read of the addressee's mailbox, the e.firma presented, the providers' answers. Ids and instants
 * come from the shell (`DecideContext.now`), never from the decider.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import type { EfirmaRejected } from "../efirma/errors.js"
import type { Identity } from "../efirma/identity.js"
import type { ActType, AvisoTarget } from "./events.js"

/** What the shell read of the addressee's mailbox when the act was deposited. @since 0.1.0 */
export interface MailboxSnapshot {
  readonly active: boolean
  readonly verifiedContacts: ReadonlyArray<AvisoTarget>
}

/** Deposit an act for an RFC; `idempotencyKey` makes a retry a no-op (DOMAIN §3.1). @since 0.1.0 */
export class DepositAct extends Data.TaggedClass("DepositAct")<{
  readonly notificationId: string
  readonly idempotencyKey: string
  readonly rfc: string
  readonly actType: ActType
  readonly reference: string
  /** SHA-256 of the act's content, 64 lowercase hex digits. */
  readonly contentSha256: string
  readonly issuingUnit: string
  readonly mailbox: MailboxSnapshot
}> {}

/** Start an aviso attempt to the mailbox's verified contacts, now, inside a window (DOMAIN §3.2). @since 0.1.0 */
export class DispatchAviso extends Data.TaggedClass("DispatchAviso")<{
  readonly notificationId: string
  readonly targets: ReadonlyArray<AvisoTarget>
}> {}

/** What a provider answered for one contact of an attempt. @since 0.1.0 */
export type AvisoOutcome =
  | { readonly channel: AvisoTarget["channel"]; readonly to: string; readonly sent: true; readonly providerId: string; readonly acceptedAt: number }
  | { readonly channel: AvisoTarget["channel"]; readonly to: string; readonly sent: false; readonly reason: string; readonly retryable: boolean }

/** Record the providers' answers for an attempt (DOMAIN §3.2: each outcome is an event). @since 0.1.0 */
export class RecordAvisoOutcomes extends Data.TaggedClass("RecordAvisoOutcomes")<{
  readonly notificationId: string
  readonly attempt: number
  readonly outcomes: ReadonlyArray<AvisoOutcome>
}> {}

/**
 * Open the act: the authenticated identity, its certificate (DER) and its signature over the act's
 * SHA-256 lowercase hex as UTF-8 (DOMAIN §3.4). `trustRefusal` is what the shell found wrong when it
 * checked the certificate's chain and revocation at the instant of use (DOMAIN §2.1: they need the
 * trust store and the revocation port, which a decider has not); absent when it found nothing.
 * @since 0.1.0
 */
export class OpenNotification extends Data.TaggedClass("OpenNotification")<{
  readonly notificationId: string
  readonly identity: Identity
  readonly certificate: Uint8Array
  readonly signature: Uint8Array
  readonly trustRefusal?: EfirmaRejected
}> {}

/** Deem an unopened act made (the constancia), or an estrados act notified; issued by the scheduler. @since 0.1.0 */
export class MarkDeemed extends Data.TaggedClass("MarkDeemed")<{ readonly notificationId: string }> {}

/** Every notification command. @since 0.1.0 */
export type NotificationCommand = DepositAct | DispatchAviso | RecordAvisoOutcomes | OpenNotification | MarkDeemed
