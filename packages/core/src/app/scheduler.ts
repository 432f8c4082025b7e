/**
 * The scheduler: the only part of the shell that turns elapsed time into commands (STYLE.md §3).
 * A pass reads the due-work index (caught up from the store first), then, in order:
 *
 * 1. closes attempts left without outcome by a stop between sending and recording (as failed and
 *    retryable, so the decider schedules a retry: a duplicate aviso is better than a lost one);
 * 2. dispatches the avisos due (DOMAIN §3.2): starts an attempt to every verified contact, sends
 *    through `AvisoSender`, and records every provider answer; the decider fixes the aviso instant,
 *    uses the other channel's success, schedules retries with backoff, or goes to estrados;
 * 3. marks deemed the notifications whose open window is over (DOMAIN §3.5) and the estrados acts
 *    whose publication ended (CFF art. 139); the decider records the effect day with them (CFF art. 135).
 *
 * Its progress is the history itself: after a restart, a pass over an index rebuilt from `readAll`
 * finds exactly the work not yet recorded.
 *
 * Gotchas: run one scheduler per store at a time. A second one's pass would take another's attempt
 * in flight for one left by a stop, and record it as failed (the act then gets a second aviso).
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { DispatchAviso, MarkDeemed, RecordAvisoOutcomes } from "../notification/commands.js"
import type { AvisoOutcome } from "../notification/commands.js"
import type { AvisoTarget } from "../notification/events.js"
import { AvisoSender } from "./AvisoSender.js"
import { clockFrom } from "./clock.js"
import type { Actor } from "./handle.js"
import { avisoTargetsOf, notificationAggregate, runNotificationCommand } from "./notifications.js"
import { notificationStream } from "../notification/events.js"
import { BuzonConfig } from "./BuzonConfig.js"
import type { Calendar } from "../calendar/calendar.js"
import { isInsideWindow, nextWindowOpening } from "../timing/window.js"
import { handleBatch } from "./handleBatch.js"
import type { AwaitingOutcome } from "./projections.js"
import type { ReadModels } from "./readModels.js"

const scheduler: Actor = { kind: "system", name: "scheduler" }

/**
 * What one pass did, counted.
 * @example { at, recovered: 0, attempts: 1, delivered: 1, failedAttempts: 0, deemed: 0, skipped: 0 }
 * @since 0.1.0
 */
export interface PassReport {
  readonly at: number
  /** Attempts closed as failed because their outcome was never recorded. */
  readonly recovered: number
  /** Aviso attempts started. */
  readonly attempts: number
  /** Notifications whose aviso was delivered in this pass. */
  readonly delivered: number
  /** Attempts that failed on every contact (a retry or estrados follows). */
  readonly failedAttempts: number
  readonly deemed: number
  /** Commands refused (the history moved on since the index was read); they are not errors of the pass. */
  readonly skipped: number
}

/**
 * Options of a pass.
 * @example runDue(models, undefined, { batch: 10_000, concurrency: 16 })
 * @since 0.1.0
 */
export interface PassOptions {
  /** The most items of each kind one pass handles (the rest wait for the next pass). */
  readonly batch?: number
  /** How many avisos are sent at once. */
  readonly concurrency?: number
  /** How many notifications are deemed per `appendBatch` (one transaction in a durable store). */
  readonly deemChunk?: number
}

const send = (target: AvisoTarget, notificationId: string) =>
  Effect.gen(function* () {
    const sender = yield* AvisoSender
    const answer = yield* Effect.result(
      sender.send({
        channel: target.channel,
        to: target.to,
        subject: "Buzón IMSS: tiene una notificación",
        body: `El Instituto Mexicano del Seguro Social depositó un acto en su Buzón IMSS (${notificationId}). Ingrese con su e.firma para consultarlo.`,
        purpose: "aviso",
        notificationId,
      }),
    )
    const outcome: AvisoOutcome =
      answer._tag === "Success"
        ? { channel: target.channel, to: target.to, sent: true, providerId: answer.success.providerId, acceptedAt: answer.success.acceptedAt }
        : { channel: target.channel, to: target.to, sent: false, reason: answer.failure.reason, retryable: answer.failure.retryable }
    return outcome
  })

const lostOutcomes = (awaiting: AwaitingOutcome): ReadonlyArray<AvisoOutcome> =>
  awaiting.targets.map((t) => ({ channel: t.channel, to: t.to, sent: false, reason: "no outcome was recorded: the scheduler stopped between sending and recording", retryable: true }))

/** Refusals mean the history moved on since the index was read: count them, do not fail the pass. */
const orSkip = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.catch(effect, (error) =>
    error._tag === "EventStoreUnavailable" ? Effect.fail(error) : Effect.succeed(undefined),
  )

const dispatch = (notificationId: string, rfc: string, concurrency: number) =>
  Effect.gen(function* () {
    const { targets } = yield* avisoTargetsOf(rfc)
    const started = yield* runNotificationCommand(new DispatchAviso({ notificationId, targets }), scheduler, `aviso:${notificationId}`)
    const attempt = started.events.find((e) => e._tag === "AvisoDispatchAttempted")
    if (attempt === undefined) return "none" as const // estrados (no contacts), or nothing was due
    const outcomes = yield* Effect.forEach(attempt.targets, (t) => send(t, notificationId), { concurrency })
    const recorded = yield* runNotificationCommand(
      new RecordAvisoOutcomes({ notificationId, attempt: attempt.attempt, outcomes }),
      scheduler,
      `aviso-outcomes:${notificationId}:${attempt.attempt}`,
    )
    return recorded.events.some((e) => e._tag === "AvisoDelivered") ? ("delivered" as const) : ("failed" as const)
  })

/**
 * One pass as of `now` (by default the Clock's instant): every command of the pass is decided at
 * that instant. Testable with a fixed clock or `TestClock`.
 * @example const report = yield* runDue(models, Date.parse("2026-03-18T15:30:00Z")) // report.deemed === 1
 * @since 0.1.0
 */
export const runDue = (models: ReadModels, now?: number, options: PassOptions = {}) =>
  Effect.gen(function* () {
    const at = now ?? (yield* Clock.currentTimeMillis)
    const batch = options.batch ?? Number.POSITIVE_INFINITY
    const concurrency = options.concurrency ?? 8
    const deemChunk = options.deemChunk ?? 1_000
    const config = yield* BuzonConfig
    yield* models.catchUp
    let recovered = 0, attempts = 0, delivered = 0, failedAttempts = 0, deemed = 0, skipped = 0
    for (const awaiting of models.due.awaitingOutcome().slice(0, batch)) {
      const { notificationId, attempt } = awaiting
      const done = yield* orSkip(runNotificationCommand(new RecordAvisoOutcomes({ notificationId, attempt, outcomes: lostOutcomes(awaiting) }), scheduler, `aviso-outcomes:${notificationId}:${attempt}`))
      done === undefined ? skipped++ : recovered++
    }
    yield* models.catchUp
    // DOMAIN §3.2: avisos go out only inside a window; those missed wait for the next opening.
    const avisosDue = isInsideWindow(config.calendar, at) ? models.due.avisos.due(at, batch) : []
    for (const { key } of avisosDue) {
      const rfc = models.due.rfcOf(key)
      if (rfc === undefined) continue
      const outcome = yield* orSkip(dispatch(key, rfc, concurrency))
      if (outcome === undefined) skipped++
      else if (outcome !== "none") (attempts++, outcome === "delivered" ? delivered++ : failedAttempts++)
    }
    yield* models.catchUp
    // Deeming needs no I/O besides the store: decided in chunks, each appended in one appendBatch.
    const dueDeemed = models.due.deemed.due(at, batch)
    for (let from = 0; from < dueDeemed.length; from += deemChunk) {
      const items = dueDeemed.slice(from, from + deemChunk).map(({ key }) => ({
        streamName: notificationStream(key), command: new MarkDeemed({ notificationId: key }), commandId: `deem:${key}`,
      }))
      const outcomes = yield* handleBatch(notificationAggregate, items, { calendar: config.calendar, actor: scheduler, ruleSetVersion: config.calendar.ruleSetVersion })
      for (const outcome of outcomes) "events" in outcome && outcome.events.length > 0 ? deemed++ : skipped++
    }
    yield* models.catchUp
    return { at, recovered, attempts, delivered, failedAttempts, deemed, skipped } satisfies PassReport
  }).pipe(
    (pass) => (now === undefined ? pass : Effect.provideService(pass, Clock.Clock, clockFrom(() => now))),
    Effect.withSpan("Scheduler.runDue"),
  )

/** When the next pass has work: the next deemed instant, or the next aviso, which waits for a window. */
const nextWake = (models: ReadModels, calendar: Calendar, now: number): number | undefined => {
  const aviso = models.due.avisos.next()
  const avisoAt = aviso === undefined || aviso > now || isInsideWindow(calendar, now) ? aviso : nextWindowOpening(calendar, now)
  const wakes = [avisoAt, models.due.deemed.next()].filter((at): at is number => at !== undefined)
  return wakes.length === 0 ? undefined : Math.min(...wakes)
}

/**
 * Runs passes forever: after each, sleeps until the next due instant, but at most `pollMs` (new
 * deposits arrive meanwhile). Driven by `Clock`: under `TestClock`, adjusting time runs the passes.
 * @example const fiber = yield* Effect.forkChild(runScheduler(models, { pollMs: 60_000 }))
 * @since 0.1.0
 */
export const runScheduler = (models: ReadModels, options: PassOptions & { readonly pollMs?: number } = {}) =>
  Effect.gen(function* () {
    const pollMs = options.pollMs ?? 60_000
    const { calendar } = yield* BuzonConfig
    for (;;) {
      const report = yield* runDue(models, undefined, options)
      const now = yield* Clock.currentTimeMillis
      const next = nextWake(models, calendar, now)
      const progressed = report.recovered + report.attempts + report.deemed > 0
      // Work still due after a pass that did nothing was refused (the history moved on): wait a poll, do not spin.
      const wait = next === undefined ? pollMs : next > now ? Math.min(pollMs, next - now) : progressed ? 1 : pollMs
      yield* Effect.sleep(wait)
    }
  })
