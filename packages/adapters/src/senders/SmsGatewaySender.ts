/**
 * SMS avisos and verification codes through an HTTP gateway (a JSON webhook): the sender POSTs
 * `{ to, body, purpose, notificationId? }` to the configured URL and reads the gateway's reference
 * from the answer's `id` (or `messageId`). Any SMS provider can sit behind a small relay of that shape.
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import { AvisoSender, DispatchFailed } from "@buzon/core"
import type { AvisoSenderShape, DispatchReceipt, OutgoingMessage } from "@buzon/core"
import { acceptedAtFrom } from "./dispatchTime.js"

/** How to reach the SMS gateway. @since 0.1.0 */
export interface SmsGatewaySenderOptions {
  /** The webhook URL (`BUZON_SMS_URL`); credentials in the URL's user part become a Basic header. */
  readonly url: string
  /** Sent as `Authorization: Bearer <token>` when given. */
  readonly token?: string
  /** Give up after this many ms (default 10 000). */
  readonly timeoutMs?: number
  /** The clock for `acceptedAt`; Effect's `Clock` when absent. */
  readonly now?: () => number
}

const fail = (to: string, reason: string, retryable: boolean) => new DispatchFailed({ channel: "sms", to, reason, retryable })

const providerIdOf = (answer: unknown): string | undefined => {
  if (typeof answer !== "object" || answer === null) return undefined
  const { id, messageId } = answer as { id?: unknown; messageId?: unknown }
  const found = id ?? messageId
  return typeof found === "string" || typeof found === "number" ? String(found) : undefined
}

const requestOf = (options: SmsGatewaySenderOptions) => {
  const url = new URL(options.url)
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" }
  if (url.username !== "") {
    const basic = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    headers["authorization"] = `Basic ${Buffer.from(basic).toString("base64")}`
    url.username = ""
    url.password = ""
  }
  if (options.token !== undefined) headers["authorization"] = `Bearer ${options.token}`
  return { target: url.toString(), headers }
}

/**
 * Builds an SMS sender over a JSON webhook. A 2xx answer with an id is a dispatch; a 4xx is a
 * permanent refusal (a bad number); a 5xx, 429, timeout or network failure may be retried.
 * Rule: DOMAIN §3.2 — the provider's answer is the proof of sending.
 * @example
 * const sender = makeSmsGatewaySender({ url: "http://127.0.0.1:8080/sms" })
 * await Effect.runPromise(sender.send({ channel: "sms", to: "+525512345678", subject: "", body: "Código 123456", purpose: "verification-code" }))
 * // => { providerId: "gw-1", acceptedAt: 1764504000000 }
 * @since 0.1.0
 */
export const makeSmsGatewaySender = (options: SmsGatewaySenderOptions): AvisoSenderShape => {
  const { target, headers } = requestOf(options)
  const timeout = options.timeoutMs ?? 10_000
  const send = (message: OutgoingMessage): Effect.Effect<DispatchReceipt, DispatchFailed> =>
    Effect.gen(function* () {
      const { to } = message
      if (message.channel !== "sms") return yield* fail(to, "the SMS gateway sender only sends SMS", false)
      const payload = { to, body: message.body, purpose: message.purpose, ...(message.notificationId === undefined ? {} : { notificationId: message.notificationId }) }
      const response = yield* Effect.tryPromise({
        try: (signal) => fetch(target, { method: "POST", headers, body: JSON.stringify(payload), signal: AbortSignal.any([signal, AbortSignal.timeout(timeout)]) }),
        catch: (cause) => fail(to, `the SMS gateway could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`, true),
      })
      const text = yield* Effect.tryPromise({ try: () => response.text(), catch: () => fail(to, "the SMS gateway's answer was cut off", true) })
      if (!response.ok) {
        const retryable = response.status >= 500 || response.status === 429 || response.status === 408
        return yield* fail(to, `the SMS gateway answered ${response.status}: ${text.slice(0, 200)}`, retryable)
      }
      const answer = yield* Effect.try({ try: (): unknown => JSON.parse(text), catch: () => fail(to, "the SMS gateway's answer is not JSON", false) })
      const providerId = providerIdOf(answer)
      if (providerId === undefined) return yield* fail(to, "the SMS gateway's answer has no id", false)
      const acceptedAt = yield* acceptedAtFrom(options.now)
      return { providerId, acceptedAt }
    })
  return { send }
}

/**
 * The SMS gateway as the `AvisoSender` layer.
 * @example
 * Effect.runPromise(program.pipe(Effect.provide(SmsGatewaySender.layer({ url: process.env.BUZON_SMS_URL! }))))
 * @since 0.1.0
 */
export const SmsGatewaySender = {
  layer: (options: SmsGatewaySenderOptions): Layer.Layer<AvisoSender> => Layer.succeed(AvisoSender, makeSmsGatewaySender(options)),
} as const
