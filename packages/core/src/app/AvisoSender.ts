/**
 * The AvisoSender port: how a message reaches a verified contact (an aviso that a notification is
 * waiting, or a one-time verification code). Adapters: SMTP email, an SMS HTTP gateway, and an
 * outbox for development (`@buzon/adapters`). Each dispatch, its provider response and failures are
 * recorded as events by the shell (DOMAIN §3.2): this port only sends.
 *
 * @since 0.1.0
 */
import { Context, Data } from "effect"
import type { Effect } from "effect"

/** The channel of a medio de contacto. @since 0.1.0 */
export type Channel = "email" | "sms"

/** One message to one address. @since 0.1.0 */
export interface OutgoingMessage {
  readonly channel: Channel
  /** An email address or a mobile number in E.164 form. */
  readonly to: string
  readonly subject: string
  readonly body: string
  /** What the message is for; a verification code's body carries the code. */
  readonly purpose: "aviso" | "verification-code"
  /** The notification an aviso is about. */
  readonly notificationId?: string
}

/** The provider accepted the message; `providerId` is its reference (message id, gateway id). @since 0.1.0 */
export interface DispatchReceipt {
  readonly providerId: string
  /** UTC epoch ms at which the provider accepted it. */
  readonly acceptedAt: number
}

/** The provider refused or could not be reached; `reason` is for the history and the operator. @since 0.1.0 */
export class DispatchFailed extends Data.TaggedError("DispatchFailed")<{
  readonly channel: Channel
  readonly to: string
  readonly reason: string
  /** Whether trying again later may succeed (a timeout) or not (a rejected address). */
  readonly retryable: boolean
}> {
  override get message() {
    return `Could not send by ${this.channel} to ${this.to}: ${this.reason}`
  }
}

/** The port's shape. @since 0.1.0 */
export interface AvisoSenderShape {
  readonly send: (message: OutgoingMessage) => Effect.Effect<DispatchReceipt, DispatchFailed>
}

/** The AvisoSender service. @since 0.1.0 */
export class AvisoSender extends Context.Service<AvisoSender, AvisoSenderShape>()("buzon/app/AvisoSender") {}
