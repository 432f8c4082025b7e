/**
 * Binds the routes' `BuzonBackend` to the core's `Buzon` service (its Effect API): shapes the
 * core's states into API views, reads the clock the wiring gives, and turns the outcomes that are
 * facts rather than refusals (a wrong verification code is recorded, not refused) into refusals.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Tracer } from "effect"
import { clockFrom, runContextOf, MailboxNotEnrolled, OpeningBeforeDeposit, timeline, UnknownContact, UnknownNotification } from "@buzon/core"
import type { BuzonShape, Calendar, InboxItem, Json, MailboxState, SealedDocument } from "@buzon/core"
import type { BuzonBackend, ContactView, InboxEntry, MailboxView, Versioned } from "./backend.js"
import { VerificationCodeRejected } from "./edge/refusals.js"
import { isoOf } from "./routes/context.js"
import { plazoList, timelineView } from "./routes/plazoView.js"

/** What the backend needs besides the service. @since 0.1.0 */
export interface BuzonBackendOptions {
  readonly buzon: BuzonShape
  /** The calendar the public timeline calculator applies (the core's own). */
  readonly calendar: Calendar
  /** The clock every use-case reads (UTC epoch ms). */
  readonly now: () => number
  /** Where the core's spans go; Effect's default tracer, which exports nothing, when absent. */
  readonly tracer?: Tracer.Tracer | undefined
}

const MAX_WRONG_ATTEMPTS = 5 // [D] DOMAIN §2.2, as the core applies it

const viewOf = (rfc: string, mailbox: MailboxState): Effect.Effect<MailboxView, MailboxNotEnrolled> => {
  if (mailbox.status === "unenrolled") return Effect.fail(new MailboxNotEnrolled({ rfc }))
  const contacts: ReadonlyArray<ContactView> = [...mailbox.contacts.values()].map((c) => ({
    contactId: c.contactId, kind: c.kind, address: c.address, verified: c.verifiedAt !== undefined,
  }))
  const base = { rfc: mailbox.rfc, status: mailbox.status, legalName: mailbox.legalName, contacts }
  return Effect.succeed(mailbox.status === "active" ? { ...base, activatedAt: mailbox.consent.signedAt } : base)
}

const versioned = <A>(version: number, value: A): Versioned<A> => ({ version, value })

const optionalIso = (instant: number | undefined) => (instant === undefined ? undefined : isoOf(instant))

// Inbox items are immutable and replaced when they change: their views are computed once per item.
const entries = new WeakMap<InboxItem, InboxEntry>()
const cachedEntryOf = (item: InboxItem): InboxEntry => {
  let entry = entries.get(item)
  if (entry === undefined) entries.set(item, (entry = inboxEntryOf(item)))
  return entry
}

// The core returns the same frozen list while an inbox is unchanged: its view is the same list too,
// so the inbox route serializes it once per change (`sharedJson`).
const inboxes = new WeakMap<ReadonlyArray<InboxItem>, ReadonlyArray<InboxEntry>>()
const cachedInboxOf = (items: ReadonlyArray<InboxItem>): ReadonlyArray<InboxEntry> => {
  let view = inboxes.get(items)
  if (view === undefined) inboxes.set(items, (view = Object.freeze(items.map(cachedEntryOf))))
  return view
}

/**
 * An inbox line as the API shows it: instants as ISO strings, days as `YYYY-MM-DD`.
 * @example inboxEntryOf(item).avisoAt // => "2026-03-11T15:30:00.000Z"
 * @since 0.1.0
 */
export const inboxEntryOf = (item: InboxItem): InboxEntry => {
  const fields: Record<string, Json | undefined> = {
    notificationId: item.notificationId, rfc: item.rfc, status: item.status,
    act: { type: item.actType, reference: item.reference, sha256: item.contentSha256 },
    depositedAt: isoOf(item.depositedAt), avisoAt: optionalIso(item.avisoAt), openUntil: item.openUntil,
    deemableAt: optionalIso(item.deemableAt), openedAt: optionalIso(item.openedAt), madeAt: optionalIso(item.madeAt),
    madeOn: item.madeOn, basis: item.madeBasis, effectiveOn: item.effectiveOn,
    plazos: plazoList(item.plazos) as unknown as Json, calendarVersion: item.calendarVersion, ruleSetVersion: item.ruleSetVersion,
  }
  // Copied without the absent fields rather than deleting them: an object with deleted properties
  // falls into dictionary mode, which JSON.stringify writes about a third slower.
  const entry: Record<string, Json> = {}
  for (const key in fields) if (fields[key] !== undefined) entry[key] = fields[key]
  return entry as InboxEntry
}

/**
 * The backend over a `Buzon` service.
 * @example const backend = buzonBackend({ buzon, calendar, now: Date.now })
 * @since 0.1.0
 */
export const buzonBackend = (options: BuzonBackendOptions): BuzonBackend => {
  const { buzon } = options
  // the clock and the tracer, provided as one context to every call
  const context = runContextOf({ clock: clockFrom(options.now), tracer: options.tracer })
  const timed = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> => Effect.provideContext(effect, context)
  const notificationOf = (id: string) =>
    Effect.flatMap(buzon.notification(id), (read) =>
      read.notification.status === "empty" ? Effect.fail(new UnknownNotification({ notificationId: id })) : Effect.succeed(read))
  return {
    issueChallenge: () => timed(buzon.challenge()),
    acceptChallenge: (input) => timed(buzon.authenticate(input)),
    startEnrollment: (identity) => timed(Effect.gen(function* () {
      const { mailbox, version } = yield* buzon.enroll(identity)
      return versioned(version, yield* viewOf(identity.rfc, mailbox))
    })),
    mailbox: (rfc) => timed(Effect.gen(function* () {
      const { mailbox, version } = yield* buzon.mailbox(rfc)
      return versioned(version, yield* viewOf(rfc, mailbox))
    })),
    addContact: (identity, _rfc, contact, expectedVersion) => timed(Effect.gen(function* () {
      const added = yield* buzon.addContact(identity, contact, expectedVersion)
      const view = yield* viewOf(identity.rfc, added.mailbox)
      const found = view.contacts.find((c) => c.contactId === added.contactId)
      return versioned(added.version, found ?? { contactId: added.contactId, kind: contact.kind, address: contact.address, verified: false })
    })),
    resendCode: (identity, _rfc, contactId, expectedVersion) => timed(Effect.gen(function* () {
      const sent = yield* buzon.resendCode(identity, contactId, expectedVersion)
      const view = yield* viewOf(identity.rfc, sent.mailbox)
      const found = view.contacts.find((c) => c.contactId === contactId)
      if (found === undefined) return yield* new UnknownContact({ contactId })
      return versioned(sent.version, found)
    })),
    verifyContact: (identity, _rfc, contactId, code, expectedVersion) => timed(Effect.gen(function* () {
      const { mailbox, version } = yield* buzon.verifyContact(identity, { contactId, code }, expectedVersion)
      if (mailbox.status !== "unenrolled") {
        const contact = mailbox.contacts.get(contactId)
        // A wrong code is a fact the core records (it counts toward the lock-out), not a refusal: the caller still failed.
        if (contact !== undefined && contact.verifiedAt === undefined) {
          const attempt = contact.code?.failedAttempts ?? MAX_WRONG_ATTEMPTS
          return yield* new VerificationCodeRejected({ contactId, attempt, attemptsLeft: Math.max(0, MAX_WRONG_ATTEMPTS - attempt) })
        }
      }
      return versioned(version, yield* viewOf(identity.rfc, mailbox))
    })),
    consentDocument: (rfc) => timed(Effect.gen(function* () {
      const { mailbox, version } = yield* buzon.mailbox(rfc)
      if (mailbox.status === "unenrolled") return yield* new MailboxNotEnrolled({ rfc })
      const identity = { rfc, legalName: mailbox.legalName, certificateNumber: mailbox.certificateNumber }
      const document = yield* buzon.consentDocument(identity)
      return versioned(version, { version: document.version, day: document.day, document: document.text, cadenaOriginal: document.cadenaOriginal, sha256: document.cadenaSha256 })
    })),
    signConsent: (identity, certificate, _rfc, signature, consentVersion, expectedVersion) => timed(Effect.gen(function* () {
      const version = consentVersion ?? (yield* buzon.consentDocument(identity)).version
      const { mailbox, version: streamVersion } = yield* buzon.signConsent(identity, { version, certificate, signature }, expectedVersion)
      return versioned(streamVersion, yield* viewOf(identity.rfc, mailbox))
    })),
    deposit: (input) => timed(Effect.gen(function* () {
      const result = yield* buzon.deposit({ idempotencyKey: input.idempotencyKey, rfc: input.rfc, actType: input.act.type, reference: input.act.reference, contentSha256: input.act.sha256, issuingUnit: input.issuingUnit })
      return { notificationId: result.notificationId, created: result.events.length > 0 }
    })),
    inbox: (rfc) => timed(Effect.map(buzon.inbox(rfc), cachedInboxOf)),
    notificationEntry: (id) => timed(Effect.gen(function* () {
      const read = yield* notificationOf(id)
      const item = (yield* buzon.inbox(rfcOf(read.notification))).find((i) => i.notificationId === id)
      if (item === undefined) return yield* new UnknownNotification({ notificationId: id })
      return versioned(read.version, cachedEntryOf(item))
    })),
    notification: (id) => timed(Effect.map(notificationOf(id), (read) => versioned(read.version, { rfc: rfcOf(read.notification) }))),
    open: (identity, certificate, notificationId, signature, expectedVersion) => timed(Effect.gen(function* () {
      const opened = yield* buzon.open(identity, { notificationId, certificate, signature }, expectedVersion)
      // DOMAIN §8: the acuse de recibo carries its cadena original and the institute's sello digital.
      const sealed = (yield* buzon.evidence(notificationId)).documents.find((d) => d.kind === "acuse")
      return acuseOf(opened.notificationId, opened.notification, identity.certificateNumber, sealed)
    })),
    // The sealed bundle (DOMAIN §8): `verifyBundle(bundle, instituteCertificate)` checks it offline.
    evidence: (id) => timed(Effect.map(buzon.evidence(id), (bundle) => bundle as unknown as Json)),
    timeline: (input) => Effect.suspend(() => {
      try {
        return Effect.succeed(timelineView(timeline({ ...input, calendar: options.calendar })))
      } catch (error) {
        if (error instanceof OpeningBeforeDeposit) return Effect.fail(error)
        throw error
      }
    }),
  }
}

type NotificationState = Effect.Success<ReturnType<BuzonShape["notification"]>>["notification"]
type Notification = Exclude<NotificationState, { readonly status: "empty" }>

const rfcOf = (state: NotificationState): string => (state.status === "empty" ? "" : state.deposit.rfc)

/**
 * The acuse de recibo as the open route answers it (DOMAIN §8): who authenticated, with which
 * certificate, when, the instant it counts as made, and the act's hash; with `sealed` (the acuse
 * document of the evidence bundle) its cadena original and sello digital, which
 * `verifySello(cadenaOriginal, selloDigital, instituteCertificate)` checks.
 * @example acuseOf("n-1", state, "30001000000500003415", sealed).selloDigital // => "kQ3…" (base64)
 * @since 0.1.0
 */
export const acuseOf = (notificationId: string, state: NotificationState, certificateNumber: string, sealed?: SealedDocument): Json => {
  if (state.status === "empty") return { notificationId }
  const facts: Notification = state
  const acuse = facts.acuse
  return {
    notificationId,
    rfc: facts.deposit.rfc,
    status: facts.status,
    act: { type: facts.deposit.actType, reference: facts.deposit.reference, sha256: facts.deposit.contentSha256 },
    certificateNumber: acuse?.certificateNumber ?? certificateNumber,
    ...(acuse?.representativeRfc == null ? {} : { representativeRfc: acuse.representativeRfc }),
    ...(acuse === null ? {} : { authenticatedAt: isoOf(acuse.authenticatedAt), countsAsMadeAt: acuse.countsAsMadeAt === null ? null : isoOf(acuse.countsAsMadeAt) }),
    ...(facts.made === null ? {} : { madeAt: isoOf(facts.made.madeAt), madeOn: facts.made.madeOn, basis: facts.made.basis }),
    ...(facts.effect === null ? {} : { effectiveOn: facts.effect.effectiveOn, plazos: plazoList(facts.effect.plazos) as unknown as Json }),
    ...(sealed === undefined ? {} : { cadenaOriginal: sealed.cadena, selloDigital: sealed.sello }),
  }
}
