/**
 * The Effect API of the whole shell as one service: every use-case with its ports already bound,
 * and the read models it keeps (the inbox and the scheduler's due-work index). Build it with
 * `Buzon.layer` over an `EventStore`, an `AvisoSender`, an `InstituteSeal` and a `BuzonConfig`; the Promise facade
 * (`createBuzon`) runs this same service for teams that do not use Effect.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer } from "effect"
import type { ChallengeAnswer, IssuedChallenge } from "../efirma/challenge.js"
import type { Identity } from "../efirma/identity.js"
import { EventStore } from "../eventstore/EventStore.js"
import type { RecordedEvent } from "../eventstore/EventStore.js"
import type { EvidenceBundle } from "../evidence/bundle.js"
import { InstituteSeal } from "../evidence/seal.js"
import type { ConsentDocument } from "../mailbox/consent.js"
import type { ContactKind } from "../mailbox/events.js"
import { notificationCodec } from "../notification/decider.js"
import type { NotificationState } from "../notification/state.js"
import { AvisoSender } from "./AvisoSender.js"
import { BuzonConfig } from "./BuzonConfig.js"
import type { DomainError } from "./errors.js"
import * as mailboxes from "./mailboxes.js"
import type { ContactResult, MailboxResult } from "./mailboxes.js"
import * as notifications from "./notifications.js"
import type { DepositInput, NotificationResult } from "./notifications.js"
import type { InboxItem } from "./projections.js"
import { makeReadModels } from "./readModels.js"
import type { ReadModels } from "./readModels.js"
import { runDue, runScheduler } from "./scheduler.js"
import type { PassOptions, PassReport } from "./scheduler.js"

type Op<A> = Effect.Effect<A, DomainError>

/**
 * The shell's operations, each an Effect with its ports bound.
 * @example const report = yield* (yield* Buzon).runDue()
 * @since 0.1.0
 */
export interface BuzonShape {
  readonly challenge: () => Effect.Effect<IssuedChallenge>
  readonly authenticate: (answer: ChallengeAnswer) => Op<Identity>
  readonly enroll: (identity: Identity) => Op<MailboxResult>
  readonly mailbox: (rfc: string) => Op<MailboxResult>
  /** `expectedVersion`, here and below: the stream version the caller read (If-Match); the change applies at it or fails with `StreamVersionMismatch`. */
  readonly addContact: (identity: Identity, input: { readonly kind: ContactKind; readonly address: string }, expectedVersion?: number) => Op<ContactResult>
  readonly verifyContact: (identity: Identity, input: { readonly contactId: string; readonly code: string }, expectedVersion?: number) => Op<MailboxResult>
  readonly resendCode: (identity: Identity, contactId: string, expectedVersion?: number) => Op<ContactResult>
  readonly removeContact: (identity: Identity, contactId: string) => Op<MailboxResult>
  readonly replaceContact: (identity: Identity, input: { readonly contactId: string; readonly address: string }) => Op<ContactResult>
  readonly consentDocument: (identity: Identity, version?: string) => Op<ConsentDocument>
  readonly signConsent: (identity: Identity, input: { readonly version: string; readonly certificate: Uint8Array; readonly signature: Uint8Array }, expectedVersion?: number) => Op<MailboxResult>
  readonly deposit: (input: DepositInput) => Op<NotificationResult>
  /** `expectedVersion`: the notification stream's version read (its ETag). */
  readonly open: (identity: Identity, input: { readonly notificationId: string; readonly certificate: Uint8Array; readonly signature: Uint8Array }, expectedVersion?: number) => Op<NotificationResult>
  readonly notification: (notificationId: string) => Op<{ readonly notificationId: string; readonly notification: NotificationState; readonly version: number }>
  readonly history: (notificationId: string) => Op<ReadonlyArray<RecordedEvent>>
  /** The notification's evidence bundle, sealed by the institute (DOMAIN §8). */
  readonly evidence: (notificationId: string) => Op<EvidenceBundle>
  /** The inbox of an RFC, caught up with the store first. */
  readonly inbox: (rfc: string) => Op<ReadonlyArray<InboxItem>>
  /** One scheduler pass as of `now` (default: the Clock). */
  readonly runDue: (now?: number, options?: PassOptions) => Op<PassReport>
  /** The scheduler loop: passes forever, sleeping until the next due instant or `pollMs` (fork it). */
  readonly schedule: (options?: PassOptions & { readonly pollMs?: number }) => Effect.Effect<never, DomainError>
  readonly models: ReadModels
}

/**
 * The Buzon service.
 * @example const buzon = yield* Buzon; const { notificationId } = yield* buzon.deposit(input)
 * @since 0.1.0
 */
export class Buzon extends Context.Service<Buzon, BuzonShape>()("buzon/app/Buzon") {
  /**
   * Binds every use-case to the EventStore, AvisoSender, InstituteSeal and BuzonConfig in context, with fresh
   * read models (rebuilt from the store on first use).
   * @example Effect.provide(program, Buzon.layer.pipe(Layer.provide(ports)))
   * @since 0.1.0
   */
  static readonly layer: Layer.Layer<Buzon, never, EventStore | AvisoSender | BuzonConfig | InstituteSeal> = Layer.effect(
    Buzon,
    Effect.gen(function* () {
      // The four ports only: the building fiber's context also carries its runtime's references, and
      // `createBuzon` builds this layer under Effect.runSync, whose synchronous Scheduler would then
      // run every operation's yields as microtasks (no I/O between them: no group commit, no fairness).
      const context = Context.pick(EventStore, AvisoSender, BuzonConfig, InstituteSeal)(
        yield* Effect.context<EventStore | AvisoSender | BuzonConfig | InstituteSeal>(),
      )
      const models = makeReadModels(notificationCodec)
      const bind = <A, E>(effect: Effect.Effect<A, E, EventStore | AvisoSender | BuzonConfig | InstituteSeal>): Effect.Effect<A, E> =>
        Effect.provideContext(effect, context)
      return Buzon.of({
        challenge: () => bind(mailboxes.issueChallenge()),
        authenticate: (answer) => bind(mailboxes.authenticate(answer)),
        enroll: (identity) => bind(mailboxes.enroll(identity)),
        mailbox: (rfc) => bind(mailboxes.readMailbox(rfc)),
        addContact: (identity, input, expectedVersion) => bind(mailboxes.addContact(identity, input, expectedVersion)),
        verifyContact: (identity, input, expectedVersion) => bind(mailboxes.verifyContact(identity, input, expectedVersion)),
        resendCode: (identity, contactId, expectedVersion) => bind(mailboxes.resendCode(identity, contactId, expectedVersion)),
        removeContact: (identity, contactId) => bind(mailboxes.removeContact(identity, contactId)),
        replaceContact: (identity, input) => bind(mailboxes.replaceContact(identity, input)),
        consentDocument: (identity, version) => bind(mailboxes.consentDocument(identity, version)),
        signConsent: (identity, input, expectedVersion) => bind(mailboxes.signConsent(identity, input, expectedVersion)),
        deposit: (input) => bind(notifications.deposit(input)),
        open: (identity, input, expectedVersion) => bind(notifications.openNotification(identity, input, expectedVersion)),
        notification: (id) => bind(notifications.readNotification(id)),
        history: (id) => bind(notifications.notificationHistory(id)),
        evidence: (id) => bind(notifications.evidenceBundle(id)),
        inbox: (rfc) => bind(Effect.map(models.catchUp, () => models.inbox.inbox(rfc))),
        runDue: (now, options) => bind(runDue(models, now, options)),
        schedule: (options) => bind(runScheduler(models, options)),
        models,
      })
    }),
  )
}
