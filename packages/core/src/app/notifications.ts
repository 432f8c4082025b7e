/**
 * The notification use-cases (DOMAIN §3): the institute deposits an act, the patrón opens it with
 * e.firma (the acuse de recibo), and anyone entitled reads its history. Avisos, deeming and effect
 * are the scheduler's (`scheduler.ts`): time passes through commands the shell issues.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { Effect } from "effect"
import type { Identity } from "../efirma/identity.js"
import { buildBundle } from "../evidence/bundle.js"
import type { EvidenceBundle } from "../evidence/bundle.js"
import { InstituteSeal } from "../evidence/seal.js"
import { EventStore } from "../eventstore/EventStore.js"
import { verifiedContacts } from "../mailbox/state.js"
import type { NotificationCommand } from "../notification/commands.js"
import { OpenNotification } from "../notification/commands.js"
import { DepositAct } from "../notification/commands.js"
import { notificationCodec, notificationDecider } from "../notification/decider.js"
import { UnknownNotification } from "../notification/errors.js"
import type { NotificationRefusal } from "../notification/errors.js"
import { notificationStream } from "../notification/events.js"
import type { AvisoTarget, NotificationEvent } from "../notification/events.js"
import type { NotificationState } from "../notification/state.js"
import { BuzonConfig } from "./BuzonConfig.js"
import { fielAtUse } from "./fielAtUse.js"
import { useCaseSpan } from "./useCase.js"
import { handleCommand, loadStream } from "./handle.js"
import type { Actor, Aggregate, CommandOptions, Handled } from "./handle.js"
import { channelOf, readMailbox } from "./mailboxes.js"

/**
 * The notification aggregate as the shell runs it.
 * @example yield* handleCommand(notificationAggregate, notificationStream(id), new MarkDeemed({ notificationId: id }), options)
 * @since 0.1.0
 */
export const notificationAggregate: Aggregate<NotificationCommand, NotificationEvent, NotificationState, NotificationRefusal> = {
  decider: notificationDecider,
  codec: notificationCodec,
}

/**
 * The notification id of an idempotency key: `n-` and 32 hex digits of a SHA-256, so a retried
 * deposit lands on the same stream and decides `[]` instead of depositing twice.
 * @example notificationIdOf("IMSS-2026-000123") // => "n-" + 32 hex digits, the same on every call
 * @since 0.1.0
 */
export const notificationIdOf = (idempotencyKey: string): string =>
  `n-${createHash("sha256").update(`buzon/notification/${idempotencyKey}`, "utf8").digest("hex").slice(0, 32)}`

/**
 * What the institute deposits.
 * @example const input: DepositInput = { idempotencyKey: "IMSS-1", rfc: "EKU9003173C9", actType: "oficio", reference: "OF-1", contentSha256, issuingUnit: "Subdelegación 1" }
 * @since 0.1.0
 */
export type DepositInput = Omit<ConstructorParameters<typeof DepositAct>[0], "notificationId" | "mailbox"> // the shell adds those two

/**
 * A notification command's answer: its id, its state after the command, the stream version.
 * @example const { notificationId, events } = yield* deposit(input) // events: [] when the key was deposited already
 * @since 0.1.0
 */
export interface NotificationResult {
  readonly notificationId: string
  readonly notification: NotificationState
  readonly version: number
  /** What this command recorded (`[]`: it had been applied already). */
  readonly events: ReadonlyArray<NotificationEvent>
}

/**
 * Runs a notification command on its stream with the shell's calendar and this actor; with
 * `expectedVersion`, only on that version of the stream (`StreamVersionMismatch` otherwise: handle.ts).
 * @example yield* runNotificationCommand(new MarkDeemed({ notificationId }), { kind: "system", name: "scheduler" }, "deem:n-…")
 * @since 0.1.0
 */
export const runNotificationCommand = (command: NotificationCommand, actor: Actor, commandId: string, expectedVersion?: number) =>
  Effect.gen(function* () {
    const config = yield* BuzonConfig
    const options: CommandOptions = {
      calendar: config.calendar, actor, commandId, ruleSetVersion: config.calendar.ruleSetVersion,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    }
    const handled: Handled<NotificationEvent, NotificationState> = yield* handleCommand(
      notificationAggregate,
      notificationStream(command.notificationId),
      command,
      options,
    )
    return { notificationId: command.notificationId, notification: handled.state, version: handled.version, events: handled.events } satisfies NotificationResult
  })

/**
 * The verified contacts of a mailbox as aviso targets (a mobile is reached by SMS).
 * @example yield* avisoTargetsOf("EKU9003173C9") // => [{ channel: "email", to: "pagos@kemper.mx" }, { channel: "sms", to: "+525512345678" }]
 * @since 0.1.0
 */
export const avisoTargetsOf = Effect.fnUntraced(function* (rfc: string) {
  const { mailbox } = yield* readMailbox(rfc)
  if (mailbox.status === "unenrolled") return { active: false, targets: [] as ReadonlyArray<AvisoTarget> }
  const targets = [...verifiedContacts(mailbox, "email"), ...verifiedContacts(mailbox, "mobile")].map(
    (contact): AvisoTarget => ({ channel: channelOf(contact.kind), to: contact.address }),
  )
  return { active: mailbox.status === "active", targets }
}, useCaseSpan("Buzon.avisoTargetsOf"))

/**
 * Deposits an act for an RFC. The mailbox is read first: an inactive mailbox, or one without
 * verified contacts, sends the act to estrados (LSS art. 286 M para. 4). Retrying with the same
 * idempotency key is a no-op; the same key with a different act is refused (`DepositConflict`).
 * @example const { notificationId } = yield* deposit({ idempotencyKey: "IMSS-1", rfc: "EKU9003173C9", actType: "oficio", reference: "OF-1", contentSha256, issuingUnit: "Subdelegación 1" })
 * @since 0.1.0
 */
export const deposit = Effect.fnUntraced(function* (input: DepositInput, issuer = "institute") {
  const { active, targets } = yield* avisoTargetsOf(input.rfc)
  const command = new DepositAct({
    ...input,
    notificationId: notificationIdOf(input.idempotencyKey),
    mailbox: { active, verifiedContacts: targets },
  })
  return yield* runNotificationCommand(command, { kind: "system", name: issuer }, `deposit:${input.idempotencyKey}`)
}, useCaseSpan("Buzon.deposit"))

/**
 * Opens an act: the addressee (or its representative) signs the act's SHA-256 with the FIEL it
 * logged in with, checked again at the instant of use (chain, revocation: DOMAIN §2.1); the acuse
 * de recibo is recorded and the notification is made per DOMAIN §3.4. With `expectedVersion` (the
 * notification stream's version read), only on that version (else `StreamVersionMismatch`; an act
 * opened already with this FIEL answers as a repeat does).
 * @example yield* openNotification(identity, { notificationId, certificate, signature: sign(credential, contentSha256) })
 * @since 0.1.0
 */
export const openNotification = Effect.fnUntraced(function* (
  identity: Identity,
  input: { readonly notificationId: string; readonly certificate: Uint8Array; readonly signature: Uint8Array },
  expectedVersion?: number,
) {
  const trustRefusal = yield* fielAtUse(input.certificate)
  const command = new OpenNotification({
    notificationId: input.notificationId, identity, certificate: input.certificate, signature: input.signature,
    ...(trustRefusal === undefined ? {} : { trustRefusal }),
  })
  return yield* runNotificationCommand(command, { kind: "efirma", identity }, `open:${input.notificationId}:${identity.certificateNumber}`, expectedVersion)
}, useCaseSpan("Buzon.open"))

/**
 * A notification's state and version, read from its stream.
 * @example const { notification } = yield* readNotification("n-…") // notification.status === "avisado"
 * @since 0.1.0
 */
export const readNotification = Effect.fnUntraced(function* (notificationId: string) {
  const loaded = yield* loadStream(notificationAggregate, notificationStream(notificationId))
  return { notificationId, notification: loaded.state, version: loaded.version }
}, useCaseSpan("Buzon.readNotification"))

/**
 * The events of a notification as recorded, metadata and hash chain included.
 * @example (yield* notificationHistory(id)).map((e) => e.type) // => ["ActDeposited", "AvisoDispatchAttempted", …]
 * @since 0.1.0
 */
export const notificationHistory = Effect.fnUntraced(function* (notificationId: string) {
  const store = yield* EventStore
  return yield* store.readStream(notificationStream(notificationId))
}, useCaseSpan("Buzon.notificationHistory"))

/**
 * The evidence bundle of a notification: its hash-chained events, the aviso evidence, acuse and
 * constancia with their sellos, and the certificates, sealed as a whole by the institute; it
 * verifies offline with `verifyBundle(bundle, instituteCertificate)`. Rule: DOMAIN §8.
 * @example const bundle = yield* evidenceBundle("n-…") // verifyBundle(bundle, seal.certificate) => { ok: true }
 * @since 0.1.0
 */
export const evidenceBundle = Effect.fnUntraced(function* (notificationId: string) {
  const seal = yield* InstituteSeal
  const config = yield* BuzonConfig
  const recorded = yield* notificationHistory(notificationId)
  if (recorded.length === 0) return yield* new UnknownNotification({ notificationId })
  return buildBundle(recorded, seal, config.calendar.zone) satisfies EvidenceBundle
}, useCaseSpan("Buzon.evidence"))
