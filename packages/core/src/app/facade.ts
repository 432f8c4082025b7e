/**
 * The Promise facade: the whole shell for teams that do not use Effect. Each method runs the
 * matching `Buzon` operation; a refusal rejects with the tagged error value itself (its `_tag` is
 * the stable code, its `message` is for whoever caused it); a defect rejects with the defect.
 *
 * @since 0.1.0
 */
import { Cause, Effect, Exit, Fiber, Layer } from "effect"
import type { Tracer } from "effect"
import type { Calendar } from "../calendar/calendar.js"
import { makeChallenges } from "../efirma/challenge.js"
import type { Challenges, ChallengeAnswer } from "../efirma/challenge.js"
import type { Identity } from "../efirma/identity.js"
import type { RevocationCheckerShape } from "../efirma/revocation.js"
import type { TrustStore } from "../efirma/trust.js"
import { EventStore } from "../eventstore/EventStore.js"
import type { EventStoreShape } from "../eventstore/EventStore.js"
import { makeMemoryEventStore } from "../eventstore/memory.js"
import { InstituteSeal } from "../evidence/seal.js"
import type { InstituteSealShape } from "../evidence/seal.js"
import { AvisoSender } from "./AvisoSender.js"
import type { AvisoSenderShape } from "./AvisoSender.js"
import { Buzon } from "./Buzon.js"
import type { BuzonShape } from "./Buzon.js"
import { BuzonConfig, cryptoRandomBytes } from "./BuzonConfig.js"
import { clockFrom } from "./clock.js"
import { runContextOf } from "./runContext.js"
import type { MailboxResult } from "./mailboxes.js"
import type { PassOptions } from "./scheduler.js"

/**
 * What `createBuzon` needs.
 * @example createBuzon({ store: sqliteStore, calendar: makeCalendar(), sender, instituteSeal, trust: loadTrustStore("ca/prod") })
 * @since 0.1.0
 */
export interface BuzonOptions {
  /** The event store; an in-memory one by default (for tests and examples only: it keeps nothing). */
  readonly store?: EventStoreShape
  readonly calendar: Calendar
  readonly sender: AvisoSenderShape
  /** The institute's signing key: it seals the evidence (DOMAIN §8). */
  readonly instituteSeal: InstituteSealShape
  /** SAT's CA certificates the FIEL must chain to (DOMAIN §2.1). */
  readonly trust: TrustStore
  readonly revocation?: RevocationCheckerShape
  /** The instant (UTC epoch ms); the system clock by default. Tests pass a fixed one. */
  readonly clock?: () => number
  readonly challenges?: Challenges
  readonly randomBytes?: (n: number) => Uint8Array
  /** Where the shell's spans go (an OpenTelemetry tracer, say); Effect's default, which exports nothing, when absent. */
  readonly tracer?: Tracer.Tracer | undefined
}

/** Each Effect operation of `BuzonShape` as a Promise of its success (a refusal rejects with the tagged error). */
type Promised<Shape> = {
  readonly [K in keyof Shape]: Shape[K] extends (...args: infer Args) => Effect.Effect<infer A, infer _E, infer _R>
    ? (...args: Args) => Promise<A>
    : never
}

/**
 * The Promise API.
 * @example await buzon.inbox("EKU9003173C9") // => InboxItem[]
 * @since 0.1.0
 */
export interface BuzonClient extends Promised<Omit<BuzonShape, "enroll" | "schedule" | "models">> {
  /** Authenticates the signed challenge and starts enrolling the patrón's mailbox. */
  readonly enroll: (answer: ChallengeAnswer) => Promise<MailboxResult & { readonly identity: Identity }>
  readonly startScheduler: (options?: PassOptions & { readonly pollMs?: number }) => void
  readonly close: () => Promise<void>
  /** The Effect service underneath, for mixing both styles. */
  readonly service: BuzonShape
}

/**
 * The layer of the ports and configuration a `Buzon` runs on, from plain options.
 * @example Effect.provide(program, Buzon.layer.pipe(Layer.provide(buzonPortsLayer(options))))
 * @since 0.1.0
 */
export const buzonPortsLayer = (options: BuzonOptions) =>
  Layer.mergeAll(
    Layer.succeed(EventStore, options.store ?? makeMemoryEventStore()),
    Layer.succeed(AvisoSender, options.sender),
    Layer.succeed(InstituteSeal, options.instituteSeal),
    Layer.succeed(BuzonConfig, {
      calendar: options.calendar,
      trust: options.trust,
      challenges: options.challenges ?? makeChallenges(),
      randomBytes: options.randomBytes ?? cryptoRandomBytes,
      ...(options.revocation === undefined ? {} : { revocation: options.revocation }),
    }),
  )

/**
 * Runs an Effect to a Promise that rejects with the typed error value itself (not a wrapper).
 * @example await runToPromise(Effect.fail(new UnknownContact({ contactId: "c9" }))) // rejects with that UnknownContact
 * @since 0.1.0
 */
export const runToPromise = async <A, E>(effect: Effect.Effect<A, E>): Promise<A> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return exit.value
  const error = Cause.findError(exit.cause)
  throw error._tag === "Success" ? error.success : Cause.squash(exit.cause)
}

/**
 * Creates the shell with Promise methods.
 * @example
 * const buzon = createBuzon({ calendar: makeCalendar(), sender, instituteSeal, trust, clock: () => Date.parse("2026-03-11T16:00:00Z") })
 * const { notificationId } = await buzon.deposit({ idempotencyKey: "IMSS-1", rfc: "EKU9003173C9", actType: "oficio", reference: "OF-1", contentSha256, issuingUnit: "Subdelegación 1" })
 * @since 0.1.0
 */
export const createBuzon = (options: BuzonOptions): BuzonClient => {
  // Defaults are drawn once, so every operation and the scheduler share one store and one challenge set.
  const resolved: BuzonOptions = { ...options, store: options.store ?? makeMemoryEventStore(), challenges: options.challenges ?? makeChallenges() }
  const service = Effect.runSync(Effect.provide(Effect.service(Buzon), Buzon.layer.pipe(Layer.provide(buzonPortsLayer(resolved)))))
  const clock = options.clock
  const context = runContextOf({ clock: clock === undefined ? undefined : clockFrom(clock), tracer: options.tracer })
  const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => runToPromise(Effect.provideContext(effect, context))
  let scheduler: Fiber.Fiber<unknown, unknown> | undefined
  return {
    challenge: () => run(service.challenge()),
    authenticate: (answer) => run(service.authenticate(answer)),
    enroll: (answer) =>
      run(Effect.flatMap(service.authenticate(answer), (identity) => Effect.map(service.enroll(identity), (r) => ({ ...r, identity })))),
    mailbox: (rfc) => run(service.mailbox(rfc)),
    addContact: (identity, input, expectedVersion) => run(service.addContact(identity, input, expectedVersion)),
    verifyContact: (identity, input, expectedVersion) => run(service.verifyContact(identity, input, expectedVersion)),
    resendCode: (identity, contactId, expectedVersion) => run(service.resendCode(identity, contactId, expectedVersion)),
    removeContact: (identity, contactId) => run(service.removeContact(identity, contactId)),
    replaceContact: (identity, input) => run(service.replaceContact(identity, input)),
    consentDocument: (identity, version) => run(service.consentDocument(identity, version)),
    signConsent: (identity, input, expectedVersion) => run(service.signConsent(identity, input, expectedVersion)),
    deposit: (input) => run(service.deposit(input)),
    open: (identity, input, expectedVersion) => run(service.open(identity, input, expectedVersion)),
    notification: (id) => run(service.notification(id)),
    history: (id) => run(service.history(id)),
    evidence: (id) => run(service.evidence(id)),
    inbox: (rfc) => run(service.inbox(rfc)),
    runDue: (now, passOptions) => run(service.runDue(now, passOptions)),
    startScheduler: (loopOptions) => {
      if (scheduler !== undefined) return
      const loop = service.schedule(loopOptions)
      const loopContext = runContextOf({ clock: clock === undefined ? undefined : clockFrom(clock, { sleeps: "real" }), tracer: options.tracer })
      scheduler = Effect.runFork(Effect.provideContext(loop, loopContext))
    },
    close: async () => {
      if (scheduler !== undefined) await Effect.runPromise(Fiber.interrupt(scheduler))
      scheduler = undefined
    },
    service,
  }
}
