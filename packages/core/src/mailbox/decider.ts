/**
 * The mailbox decider: enrollment, contacts and their codes, and consent (DOMAIN §2). One function per
 * command, guards in the rule book's order. Each answers `[]` when the command already holds, a
 * refusal (nothing recorded), or the events that happened. It reads no clock, no randomness and no
 * environment: `now` and the calendar come in the context, ids, salts and code hashes in the command.
 *
 * @since 0.1.0
 */
import { absurd } from "../app/decider.js"
import type { DecideContext, Decider, Decision } from "../app/decider.js"
import type { Identity } from "../efirma/identity.js"
import type { MailboxCommand, StartEnrollment } from "./commands.js"
import { decideIssueCode, decideVerifyContact } from "./decideCodes.js"
import { decideSignConsent } from "./decideConsent.js"
import { decideRegisterContact, decideRemoveContact, decideReplaceContact } from "./decideContacts.js"
import { MailboxNotEnrolled, NotMailboxHolder } from "./errors.js"
import type { MailboxRefusal } from "./errors.js"
import { EnrollmentStarted } from "./events.js"
import type { Actor, MailboxEvent } from "./events.js"
import { evolve, initialState } from "./state.js"
import type { EnrollingMailbox, ActiveMailbox, MailboxState } from "./state.js"

/** A mailbox decision. @since 0.1.0 */
export type MailboxDecision = Decision<MailboxEvent, MailboxRefusal>

/** What every decision after enrollment receives: the mailbox, the actor, the context. @since 0.1.0 */
export interface MailboxTurn {
  readonly mailbox: EnrollingMailbox | ActiveMailbox
  readonly actor: Actor
  readonly context: DecideContext
}

/**
 * Who acts, as events record it: the legal representative named in a persona moral's FIEL when there
 * is one, else the holder; always with the certificate number used ([D] DOMAIN §2.5).
 * @example actorOf({ rfc: "EKU9003173C9", certificateNumber: "30001000000500003416", legalName: "ESCUELA KEMPER URGATE", representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" } })
 * // => { rfc: "VADA800927DJ3", certificateNumber: "30001000000500003416", onBehalfOf: "EKU9003173C9" }
 * @since 0.1.0
 */
export const actorOf = (identity: Identity): Actor => ({
  rfc: identity.representative?.rfc ?? identity.rfc,
  certificateNumber: identity.certificateNumber,
  onBehalfOf: identity.rfc,
})

// DOMAIN §2.1: the shell validated the FIEL (validity, chain, revocation) before this command exists.
const startEnrollment = (command: StartEnrollment, state: MailboxState, context: DecideContext): MailboxDecision => {
  if (state.status !== "unenrolled") {
    if (state.rfc !== command.identity.rfc) return new NotMailboxHolder({ rfc: state.rfc, actorRfc: command.identity.rfc })
    return [] // enrolled already: authenticating again starts nothing new
  }
  const { rfc, legalName, certificateNumber } = command.identity
  return [new EnrollmentStarted({ rfc, legalName, certificateNumber, actor: actorOf(command.identity), at: context.now })]
}

const decide = (command: MailboxCommand, state: MailboxState, context: DecideContext): MailboxDecision => {
  if (command._tag === "StartEnrollment") return startEnrollment(command, state, context)
  if (state.status === "unenrolled") return new MailboxNotEnrolled({ rfc: command.identity.rfc })
  // DOMAIN §2.5: only the patrón's own FIEL (or its representative's, which names the patrón) acts on its mailbox.
  if (command.identity.rfc !== state.rfc) return new NotMailboxHolder({ rfc: state.rfc, actorRfc: command.identity.rfc })
  const turn: MailboxTurn = { mailbox: state, actor: actorOf(command.identity), context }
  switch (command._tag) {
    case "RegisterContact":
      return decideRegisterContact(command, turn)
    case "ReplaceContact":
      return decideReplaceContact(command, turn)
    case "IssueVerificationCode":
      return decideIssueCode(command, turn)
    case "VerifyContact":
      return decideVerifyContact(command, turn)
    case "RemoveContact":
      return decideRemoveContact(command, turn)
    case "SignConsent":
      return decideSignConsent(command, turn)
    default:
      return absurd(command)
  }
}

/**
 * The mailbox aggregate: `initialState`, `decide`, `evolve`.
 * @example
 * mailboxDecider.decide({ _tag: "StartEnrollment", identity }, mailboxDecider.initialState, { now, calendar })
 * // => [EnrollmentStarted { rfc, legalName, certificateNumber, actor, at: now }]
 * @since 0.1.0
 */
export const mailboxDecider: Decider<MailboxCommand, MailboxEvent, MailboxState, MailboxRefusal> = {
  initialState,
  decide,
  evolve,
}
