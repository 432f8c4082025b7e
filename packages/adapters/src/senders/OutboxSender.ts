/**
 * The development outbox: instead of sending, keep each message in memory so that a developer (or
 * an end-to-end test) can read the verification codes and avisos through `GET /dev/outbox`.
 * Never wired in production mode.
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import { AvisoSender } from "@buzon/core"
import type { AvisoSenderShape, Channel, DispatchReceipt, OutgoingMessage } from "@buzon/core"
import { acceptedAtFrom } from "./dispatchTime.js"

/** A message the outbox kept; `sentAt` is UTC epoch ms. @since 0.1.0 */
export interface OutboxMessage {
  readonly providerId: string
  readonly channel: Channel
  readonly to: string
  readonly subject: string
  readonly body: string
  readonly purpose: OutgoingMessage["purpose"]
  readonly notificationId?: string
  readonly sentAt: number
}

/** Outbox options. @since 0.1.0 */
export interface OutboxSenderOptions {
  /** Keep at most this many messages, dropping the oldest (default 10 000): a long dev session stays bounded. */
  readonly capacity?: number
  /** The clock for `sentAt`; Effect's `Clock` when absent. */
  readonly now?: () => number
}

/** The outbox: an `AvisoSender` plus the list of what it kept, oldest first. @since 0.1.0 */
export interface OutboxSenderShape extends AvisoSenderShape {
  readonly messages: () => ReadonlyArray<OutboxMessage>
}

/**
 * Builds an outbox sender. Every message is accepted; its `providerId` is `outbox-<n>`.
 * @example
 * const outbox = makeOutboxSender({ now: () => 1764504000000 })
 * await Effect.runPromise(outbox.send({ channel: "email", to: "a@b.mx", subject: "Código", body: "123456", purpose: "verification-code" }))
 * outbox.messages() // => [{ providerId: "outbox-1", channel: "email", to: "a@b.mx", subject: "Código", body: "123456", purpose: "verification-code", sentAt: 1764504000000 }]
 * @since 0.1.0
 */
export const makeOutboxSender = (options: OutboxSenderOptions = {}): OutboxSenderShape => {
  const capacity = options.capacity ?? 10_000
  let kept: ReadonlyArray<OutboxMessage> = []
  let sequence = 0
  const send = (message: OutgoingMessage): Effect.Effect<DispatchReceipt> =>
    Effect.map(acceptedAtFrom(options.now), (sentAt) => {
      sequence += 1
      const providerId = `outbox-${sequence}`
      const { channel, to, subject, body, purpose, notificationId } = message
      const entry: OutboxMessage = { providerId, channel, to, subject, body, purpose, sentAt, ...(notificationId === undefined ? {} : { notificationId }) }
      kept = [...kept.slice(Math.max(0, kept.length + 1 - capacity)), entry]
      return { providerId, acceptedAt: sentAt }
    })
  return { send, messages: () => kept }
}

/**
 * The outbox as the `AvisoSender` layer (the kept list is reachable through the returned `outbox`).
 * @example
 * const { outbox, layer } = OutboxSender.layer()
 * @since 0.1.0
 */
export const OutboxSender = {
  layer: (options: OutboxSenderOptions = {}): { readonly outbox: OutboxSenderShape; readonly layer: Layer.Layer<AvisoSender> } => {
    const outbox = makeOutboxSender(options)
    return { outbox, layer: Layer.succeed(AvisoSender, outbox) }
  },
} as const
