/**
 * A notification's state, folded from its events: a union by status, readonly, rebuilt by `evolve`
 * (which returns a new value and ignores events that do not apply).
 *
 * @since 0.1.0
 */
import { absurd } from "../app/decider.js"
import type {
  ActDeposited,
  ActPublishedInEstrados,
  AvisoDelivered,
  NotificationEvent,
  NotificationMade,
  NotificationOpened,
  NotificationTookEffect,
} from "./events.js"

/** An aviso attempt awaiting the providers' answers. @since 0.1.0 */
export interface PendingAttempt {
  readonly attempt: number
  readonly dispatchedAt: number
  readonly targets: ReadonlyArray<{ readonly channel: "email" | "sms"; readonly to: string }>
}

/** What every deposited notification knows. @since 0.1.0 */
export interface NotificationFacts {
  readonly deposit: ActDeposited
  /** The number of the last aviso attempt (0 before the first). */
  readonly attempts: number
  readonly pending: PendingAttempt | null
  /** When a retry was scheduled, the instant it is due. */
  readonly retryAt: number | null
  readonly aviso: AvisoDelivered | null
  readonly estrados: ActPublishedInEstrados | null
  /** The first acuse de recibo. */
  readonly acuse: NotificationOpened | null
  readonly made: NotificationMade | null
  readonly effect: NotificationTookEffect | null
}

/**
 * The states: nothing deposited; waiting for its first successful aviso; avisado (the window runs);
 * published in estrados; made (opened, deemed or by estrados).
 * @since 0.1.0
 */
export type NotificationState =
  | { readonly status: "empty" }
  | (NotificationFacts & { readonly status: "awaiting-aviso" | "avisado" | "estrados" | "made" })

/** The state before any event. @since 0.1.0 */
export const initialNotificationState: NotificationState = { status: "empty" }

const statusOf = (facts: NotificationFacts): Exclude<NotificationState["status"], "empty"> =>
  facts.made !== null ? "made" : facts.estrados !== null ? "estrados" : facts.aviso !== null ? "avisado" : "awaiting-aviso"

const withFacts = (state: NotificationState, change: (facts: NotificationFacts) => NotificationFacts): NotificationState => {
  if (state.status === "empty") return state // events before the deposit do not apply
  const facts = change(state)
  return { ...facts, status: statusOf(facts) }
}

/**
 * Applies one event to the state.
 * @example evolveNotification(initialNotificationState, deposited).status // => "awaiting-aviso"
 * @since 0.1.0
 */
export const evolveNotification = (state: NotificationState, event: NotificationEvent): NotificationState => {
  switch (event._tag) {
    case "ActDeposited":
      if (state.status !== "empty") return state
      return {
        status: "awaiting-aviso", deposit: event, attempts: 0, pending: null, retryAt: null,
        aviso: null, estrados: null, acuse: null, made: null, effect: null,
      }
    case "ActPublishedInEstrados":
      return withFacts(state, (f) => ({ ...f, estrados: f.estrados ?? event, pending: null, retryAt: null }))
    case "AvisoDispatchAttempted":
      return withFacts(state, (f) => ({
        ...f, attempts: event.attempt, retryAt: null,
        pending: { attempt: event.attempt, dispatchedAt: event.dispatchedAt, targets: event.targets },
      }))
    case "AvisoSent":
    case "AvisoFailed": // the outcomes of an attempt are recorded together: the attempt is no longer in flight
      return withFacts(state, (f) => (f.pending?.attempt === event.attempt ? { ...f, pending: null } : f))
    case "AvisoRetryScheduled":
      return withFacts(state, (f) => ({ ...f, pending: null, retryAt: event.retryAt }))
    case "AvisoDelivered":
      return withFacts(state, (f) => ({ ...f, pending: null, retryAt: null, aviso: f.aviso ?? event }))
    case "NotificationOpened":
      return withFacts(state, (f) => ({ ...f, acuse: f.acuse ?? event }))
    case "NotificationMade":
      return withFacts(state, (f) => ({ ...f, made: f.made ?? event }))
    case "NotificationTookEffect":
      return withFacts(state, (f) => ({ ...f, effect: f.effect ?? event }))
    default:
      return absurd(event)
  }
}
