/**
 * One `AvisoSender` out of one sender per channel: email to SMTP, SMS to the gateway (or both to
 * the development outbox). The app needs a single sender; deployments pick one per channel.
 *
 * @since 0.1.0
 */
import type { AvisoSenderShape, Channel } from "@buzon/core"

/**
 * Routes each message to the sender of its channel.
 * @example
 * const sender = routeByChannel({ email: makeSmtpSender({ url, from }), sms: makeSmsGatewaySender({ url: smsUrl }) })
 * @since 0.1.0
 */
export const routeByChannel = (senders: { readonly [C in Channel]: AvisoSenderShape }): AvisoSenderShape => ({
  send: (message) => senders[message.channel].send(message),
})
