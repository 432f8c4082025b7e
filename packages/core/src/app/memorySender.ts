/**
 * An AvisoSender that keeps what it sends in memory: for tests, examples and `makeTestBuzon`. It can
 * be told to fail some messages, which is how tests drive the aviso's retries and fallbacks.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { DispatchFailed } from "./AvisoSender.js"
import type { AvisoSenderShape, DispatchReceipt, OutgoingMessage } from "./AvisoSender.js"

/**
 * A message the memory sender accepted, with its receipt.
 * @example sender.sent()[0] // => { channel: "email", to: "pagos@kemper.mx", purpose: "aviso", providerId: "mem-1", acceptedAt, … }
 * @since 0.1.0
 */
export interface SentMessage extends OutgoingMessage, DispatchReceipt {}

/**
 * The memory sender and what it holds.
 * @example sender.failWhen((m) => (m.channel === "email" ? { reason: "mailbox full", retryable: true } : undefined))
 * @since 0.1.0
 */
export interface MemorySender extends AvisoSenderShape {
  /** Every accepted message, in order. */
  readonly sent: () => ReadonlyArray<SentMessage>
  /** The last code sent to an address (a verification code message's 6 digits). */
  readonly lastCodeTo: (to: string) => string | undefined
  /** Replaces the failure rule: answer a reason (and whether retrying may help) to refuse a message. */
  readonly failWhen: (rule: (message: OutgoingMessage) => { readonly reason: string; readonly retryable: boolean } | undefined) => void
}

/**
 * A memory sender; `now` stamps each receipt (pass the same clock the shell reads).
 * @example const sender = makeMemorySender(() => Date.parse("2026-03-11T15:30:00Z")); sender.sent() // => []
 * @since 0.1.0
 */
export const makeMemorySender = (now: () => number): MemorySender => {
  const sent: Array<SentMessage> = []
  let rule: (message: OutgoingMessage) => { readonly reason: string; readonly retryable: boolean } | undefined = () => undefined
  return {
    send: (message) =>
      Effect.suspend(() => {
        const failure = rule(message)
        if (failure !== undefined) return Effect.fail(new DispatchFailed({ channel: message.channel, to: message.to, ...failure }))
        const receipt = { providerId: `mem-${sent.length + 1}`, acceptedAt: now() }
        sent.push({ ...message, ...receipt })
        return Effect.succeed(receipt)
      }),
    sent: () => sent,
    lastCodeTo: (to) => {
      for (let i = sent.length - 1; i >= 0; i--) {
        const message = sent[i]!
        if (message.to === to && message.purpose === "verification-code") return /\b(\d{6})\b/.exec(message.body)?.[1]
      }
      return undefined
    },
    failWhen: (next) => {
      rule = next
    },
  }
}
