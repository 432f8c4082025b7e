/**
 * Avisos (DOMAIN §3.2): an attempt starts inside a window and goes to every verified contact; each
 * provider answer is an event; the first successful attempt fixes the aviso instant; when every
 * contact fails, a retry is scheduled with backoff at a window instant, and when retrying cannot help
 * the act goes to estrados.
 *
 * @since 0.1.0
 */
import type { DecideContext } from "../app/decider.js"
import { deemedAt, openUntil } from "../timing/notified.js"
import { avisoAt, isInsideWindow } from "../timing/window.js"
import { estrados } from "../timing/estrados.js"
import type { AvisoOutcome, DispatchAviso, RecordAvisoOutcomes } from "./commands.js"
import { AvisoNotDue, OutsideNotificationWindow, UnknownAvisoAttempt, UnknownNotification } from "./errors.js"
import type { NotificationRefusal } from "./errors.js"
import {
  ActPublishedInEstrados, AvisoDelivered, AvisoDispatchAttempted, AvisoFailed, AvisoRetryScheduled, AvisoSent,
} from "./events.js"
import type { EstradosReason, NotificationEvent } from "./events.js"
import { estradosMadeAt } from "./made.js"
import type { NotificationState } from "./state.js"

/**
 * [D] The first retry waits 15 minutes, doubling each attempt; after 5 failed attempts the act goes
 * to estrados. An attempt whose outcomes were not recorded within 10 minutes (the shell stopped
 * between sending and recording) is abandoned: the next dispatch starts a new attempt, and the late
 * outcomes of the abandoned one decide nothing.
 * @example avisoRetry.firstBackoffMs * 2 ** (3 - 1) // => 3_600_000 (the wait after attempt 3)
 * @since 0.1.0
 */
export const avisoRetry = { firstBackoffMs: 15 * 60_000, maxAttempts: 5, abandonAfterMs: 10 * 60_000 } as const

type Decision = ReadonlyArray<NotificationEvent> | NotificationRefusal

/**
 * The estrados publication of an act, starting now (LSS art. 286 M para. 4; CFF art. 139).
 * @example publishInEstrados(ctx, "n1", "mailbox-not-active").notifiedAt // => 09:30 of the 11th business day
 * @since 0.1.0
 */
export const publishInEstrados = (ctx: DecideContext, notificationId: string, reason: EstradosReason): ActPublishedInEstrados => {
  const published = estrados(ctx.calendar, ctx.now)
  return new ActPublishedInEstrados({
    notificationId, reason, publishedAt: ctx.now, lastPublicationDay: published.publishedUntil,
    notifiedAt: estradosMadeAt(ctx.calendar, published.notifiedOn),
    calendarVersion: ctx.calendar.version, ruleSetVersion: ctx.calendar.ruleSetVersion,
  })
}

/**
 * Starts an aviso attempt now, if one is due and now is inside a window (DOMAIN §3.2).
 * @example dispatchAviso(new DispatchAviso({ notificationId: "n1", targets }), deposited, at("2026-03-11T18:00")) // => OutsideNotificationWindow
 * @since 0.1.0
 */
export const dispatchAviso = (cmd: DispatchAviso, state: NotificationState, ctx: DecideContext): Decision => {
  const { notificationId } = cmd
  if (state.status === "empty") return new UnknownNotification({ notificationId })
  // Delivered already, made by an opening, or in estrados (no mailbox delivery): nothing to send.
  if (state.status !== "awaiting-aviso") return []
  if (state.pending !== null && ctx.now < state.pending.dispatchedAt + avisoRetry.abandonAfterMs) return [] // in flight: a repeat is a no-op
  const dueAt = state.retryAt ?? state.deposit.avisoDueAt
  if (ctx.now < dueAt) return new AvisoNotDue({ notificationId, dueAt })
  // DOMAIN §3.2: avisos go out only on business days, 09:30 (inside) to 18:00 (outside).
  if (!isInsideWindow(ctx.calendar, ctx.now))
    return new OutsideNotificationWindow({ notificationId, at: ctx.now, nextWindowAt: avisoAt(ctx.calendar, ctx.now) })
  if (cmd.targets.length === 0) return [publishInEstrados(ctx, notificationId, "no-verified-contacts")] // DOMAIN §2, last paragraph
  return [new AvisoDispatchAttempted({ notificationId, attempt: state.attempts + 1, dispatchedAt: ctx.now, targets: cmd.targets })]
}

const outcomeEvent = (notificationId: string, attempt: number, outcome: AvisoOutcome, all: ReadonlyArray<AvisoOutcome>) => {
  if (outcome.sent)
    return new AvisoSent({ notificationId, attempt, channel: outcome.channel, to: outcome.to, providerId: outcome.providerId, acceptedAt: outcome.acceptedAt })
  const other = all.find((o) => o.sent && o.channel !== outcome.channel) // the other channel carried the aviso
  return new AvisoFailed({
    notificationId, attempt, channel: outcome.channel, to: outcome.to, reason: outcome.reason,
    retryable: outcome.retryable, fallbackChannel: other?.channel ?? null,
  })
}

/**
 * Records the providers' answers for the attempt in flight and closes it: delivered (the first
 * success fixes the aviso instant), a retry with backoff, or estrados (DOMAIN §3.2, §2 last paragraph).
 * @example recordAvisoOutcomes(sentAll(1), attempting, ctx).at(-1)._tag // => "AvisoDelivered"
 * @since 0.1.0
 */
export const recordAvisoOutcomes = (cmd: RecordAvisoOutcomes, state: NotificationState, ctx: DecideContext): Decision => {
  const { notificationId, attempt, outcomes } = cmd
  if (state.status === "empty") return new UnknownNotification({ notificationId })
  if (state.pending === null || state.pending.attempt !== attempt)
    return attempt >= 1 && attempt <= state.attempts ? [] : new UnknownAvisoAttempt({ notificationId, attempt })
  if (outcomes.length === 0) return [] // no answer yet: the attempt stays in flight (and is abandoned after 10 minutes)
  const events: Array<NotificationEvent> = outcomes.map((o) => outcomeEvent(notificationId, attempt, o, outcomes))
  const reached = outcomes.filter((o) => o.sent).map((o) => ({ channel: o.channel, to: o.to }))
  const { calendar } = ctx
  const versions = { calendarVersion: calendar.version, ruleSetVersion: calendar.ruleSetVersion }
  if (state.status !== "awaiting-aviso") return events // made by an opening meanwhile: the outcomes fix and schedule nothing
  if (reached.length > 0) {
    // DOMAIN §3.2: the first successful dispatch is the aviso instant; it was started inside a window.
    const at = state.pending.dispatchedAt
    events.push(new AvisoDelivered({
      notificationId, attempt, avisoAt: at, addresses: reached,
      openUntil: openUntil(calendar, at), deemableAt: deemedAt(calendar, at), ...versions,
    }))
    return events
  }
  const canRetry = outcomes.some((o) => !o.sent && o.retryable) && attempt < avisoRetry.maxAttempts
  if (!canRetry) return [...events, publishInEstrados(ctx, notificationId, "avisos-undeliverable")] // DOMAIN §2: contacts wrong
  const backoffMs = avisoRetry.firstBackoffMs * 2 ** (attempt - 1)
  return [...events, new AvisoRetryScheduled({ notificationId, attempt, backoffMs, retryAt: avisoAt(calendar, ctx.now + backoffMs) })]
}
