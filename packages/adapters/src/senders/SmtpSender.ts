/**
 * Email avisos and verification codes over SMTP, through `nodemailer`. The provider's message id
 * becomes the receipt's `providerId`: it is the proof of sending an auditor asks for (DOMAIN §3.2).
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import nodemailer from "nodemailer"
import { AvisoSender, DispatchFailed } from "@buzon/core"
import type { AvisoSenderShape, DispatchReceipt, OutgoingMessage } from "@buzon/core"
import { acceptedAtFrom } from "./dispatchTime.js"

/** How to reach the SMTP relay. @since 0.1.0 */
export interface SmtpSenderOptions {
  /** An SMTP URL, e.g. `smtp://user:pass@relay:587` or `smtps://relay:465` (`BUZON_SMTP_URL`). */
  readonly url: string
  /** The sender address, e.g. `"Buzón IMSS" <no-reply@buzon.example>`. */
  readonly from: string
  /** Give up on a connection or a reply after this many ms (default 10 000). */
  readonly timeoutMs?: number
  /** The clock for `acceptedAt`; Effect's `Clock` when absent. */
  readonly now?: () => number
}

interface SmtpFailure {
  readonly code?: string
  readonly responseCode?: number
  readonly response?: string
  readonly message?: string
}

// RFC 5321 §4.2.1: 4yz replies are transient (try again), 5yz are permanent; a network failure is transient.
const isRetryable = (failure: SmtpFailure): boolean =>
  failure.responseCode === undefined ? failure.code !== "EENVELOPE" : failure.responseCode < 500

const describe = (failure: SmtpFailure): string =>
  failure.responseCode !== undefined
    ? `the SMTP server answered ${failure.responseCode}: ${failure.response ?? "no text"}`
    : `${failure.code ?? "SMTP error"}: ${failure.message ?? "no detail"}`

/**
 * Builds an email sender. Only `channel: "email"` messages are accepted; an SMS handed to it fails
 * with a non-retryable `DispatchFailed` (a wiring mistake, not a provider problem).
 * Rule: DOMAIN §3.2 — each dispatch and its provider response are recorded by the shell.
 * @example
 * const sender = makeSmtpSender({ url: "smtp://127.0.0.1:2525", from: "buzon@imss.example" })
 * await Effect.runPromise(sender.send({ channel: "email", to: "a@b.mx", subject: "Aviso", body: "…", purpose: "aviso" }))
 * // => { providerId: "<…@imss.example>", acceptedAt: 1764504000000 }
 * @since 0.1.0
 */
export const makeSmtpSender = (options: SmtpSenderOptions): AvisoSenderShape & { readonly close: () => void } => {
  const timeout = options.timeoutMs ?? 10_000
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  })
  const send = (message: OutgoingMessage): Effect.Effect<DispatchReceipt, DispatchFailed> =>
    Effect.gen(function* () {
      if (message.channel !== "email")
        return yield* new DispatchFailed({ channel: message.channel, to: message.to, reason: "the SMTP sender only sends email", retryable: false })
      const info = yield* Effect.tryPromise({
        try: () => transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.body }),
        catch: (cause) => {
          const failure = (typeof cause === "object" && cause !== null ? cause : {}) as SmtpFailure
          return new DispatchFailed({ channel: "email", to: message.to, reason: describe(failure), retryable: isRetryable(failure) })
        },
      })
      const rejected = (info.rejected as ReadonlyArray<unknown>).length > 0
      if (rejected)
        return yield* new DispatchFailed({ channel: "email", to: message.to, reason: `the SMTP server refused the recipient: ${String(info.response)}`, retryable: false })
      const acceptedAt = yield* acceptedAtFrom(options.now)
      return { providerId: String(info.messageId), acceptedAt }
    })
  return { send, close: () => transport.close() }
}

/**
 * SMTP as the `AvisoSender` layer; the transport is closed when the layer's scope ends.
 * @example
 * Effect.runPromise(program.pipe(Effect.provide(SmtpSender.layer({ url, from }))))
 * @since 0.1.0
 */
export const SmtpSender = {
  layer: (options: SmtpSenderOptions): Layer.Layer<AvisoSender> =>
    Layer.effect(
      AvisoSender,
      Effect.acquireRelease(Effect.sync(() => makeSmtpSender(options)), (sender) => Effect.sync(sender.close)),
    ),
} as const
