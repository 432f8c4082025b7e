/**
 * The notification decider: deposit, avisos, opening, deemed, takes effect (DOMAIN §3). Pure: time
 * and the calendar arrive in the context; the mailbox's state arrives in the deposit command.
 *
 * Decisions are idempotent: a command whose outcome already holds decides `[]`, so exactly one
 * `NotificationMade` and one `NotificationTookEffect` exist per notification whatever the order or
 * repetition of commands.
 *
 * @since 0.1.0
 */
import { absurd } from "../app/decider.js"
import type { DecideContext, Decider } from "../app/decider.js"
import { avisoAt } from "../timing/window.js"
import { dispatchAviso, publishInEstrados, recordAvisoOutcomes } from "./avisos.js"
import type { DepositAct, MarkDeemed, NotificationCommand } from "./commands.js"
import {
  AvisoNotDelivered, DepositConflict, EstradosPublicationRunning, InvalidContentHash, InvalidRfc, OpenWindowNotOver,
  UnknownNotification,
} from "./errors.js"
import type { NotificationRefusal } from "./errors.js"
import { ActDeposited } from "./events.js"
import type { NotificationEvent } from "./events.js"
import { madeEvents } from "./made.js"
import { openNotification } from "./opening.js"
import { evolveNotification, initialNotificationState } from "./state.js"
import type { NotificationState } from "./state.js"

type Decision = ReadonlyArray<NotificationEvent> | NotificationRefusal

const SHA256_HEX = /^[0-9a-f]{64}$/
/** DOMAIN §1: 3 (moral) or 4 (física) letters, which may be Ñ or &, a yymmdd date and a 3-character homoclave. */
const RFC = /^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$/u

const sameAct = (deposit: ActDeposited, cmd: DepositAct): boolean =>
  deposit.idempotencyKey === cmd.idempotencyKey && deposit.rfc === cmd.rfc && deposit.actType === cmd.actType &&
  deposit.reference === cmd.reference && deposit.contentSha256 === cmd.contentSha256 && deposit.issuingUnit === cmd.issuingUnit

const depositAct = (cmd: DepositAct, state: NotificationState, ctx: DecideContext): Decision => {
  const { notificationId, idempotencyKey } = cmd
  if (!SHA256_HEX.test(cmd.contentSha256)) return new InvalidContentHash({ contentSha256: cmd.contentSha256 })
  if (!RFC.test(cmd.rfc)) return new InvalidRfc({ rfc: cmd.rfc })
  if (state.status !== "empty") return sameAct(state.deposit, cmd) ? [] : new DepositConflict({ notificationId, idempotencyKey })
  const { calendar, now } = ctx
  const deposited = new ActDeposited({
    notificationId, idempotencyKey, rfc: cmd.rfc, actType: cmd.actType, reference: cmd.reference,
    contentSha256: cmd.contentSha256, issuingUnit: cmd.issuingUnit, depositedAt: now,
    avisoDueAt: avisoAt(calendar, now), // [D] DOMAIN §3.2: the next window opening (now, when inside one)
    calendarVersion: calendar.version, ruleSetVersion: calendar.ruleSetVersion,
  })
  // LSS art. 286 M para. 4: a mailbox never enabled, or without contacts, means estrados.
  if (!cmd.mailbox.active) return [deposited, publishInEstrados(ctx, notificationId, "mailbox-not-active")]
  if (cmd.mailbox.verifiedContacts.length === 0) return [deposited, publishInEstrados(ctx, notificationId, "no-verified-contacts")]
  return [deposited]
}

const markDeemed = (cmd: MarkDeemed, state: NotificationState, ctx: DecideContext): Decision => {
  const { notificationId } = cmd
  if (state.status === "empty") return new UnknownNotification({ notificationId })
  if (state.status === "made") return [] // made already (opened, deemed or by estrados): nothing changes
  if (state.status === "estrados") {
    const { notifiedAt } = state.estrados!
    // CFF art. 139: published 10 days, notified on the 11th.
    if (ctx.now < notifiedAt) return new EstradosPublicationRunning({ notificationId, notifiedAt })
    return madeEvents(ctx.calendar, notificationId, "estrados", notifiedAt)
  }
  if (state.aviso === null) return new AvisoNotDelivered({ notificationId })
  const { deemableAt } = state.aviso
  // DOMAIN §3.5: deemed at 09:30 of the 4th business day after the aviso; before, it can still be opened.
  if (ctx.now < deemableAt) return new OpenWindowNotOver({ notificationId, deemableAt })
  return madeEvents(ctx.calendar, notificationId, "deemed", deemableAt)
}

/**
 * Decides one notification command.
 * @example decideNotification(new MarkDeemed({ notificationId: "n1" }), avisado, { now: mx("2026-03-17T17:00"), calendar }) // => OpenWindowNotOver
 * @since 0.1.0
 */
export const decideNotification = (command: NotificationCommand, state: NotificationState, ctx: DecideContext): Decision => {
  switch (command._tag) {
    case "DepositAct":
      return depositAct(command, state, ctx)
    case "DispatchAviso":
      return dispatchAviso(command, state, ctx)
    case "RecordAvisoOutcomes":
      return recordAvisoOutcomes(command, state, ctx)
    case "OpenNotification":
      return openNotification(command, state, ctx)
    case "MarkDeemed":
      return markDeemed(command, state, ctx)
    default:
      return absurd(command)
  }
}

/**
 * The notification aggregate's decider (stream `notification-{id}`).
 * Rule: DOMAIN §3; ARCHITECTURE.md, "Event sourcing, the Decider way".
 * @example fold(notificationDecider.evolve, notificationDecider.initialState, history).status // => "avisado"
 * @since 0.1.0
 */
export const notificationDecider: Decider<NotificationCommand, NotificationEvent, NotificationState, NotificationRefusal> = {
  initialState: initialNotificationState,
  decide: decideNotification,
  evolve: evolveNotification,
}

// How notification events are stored (and what each decode trusts): ./codec.ts.
export { notificationCodec, storedNotificationCodec } from "./codec.js"
