/**
 * The scheduler: the other channel when one fails, retries with backoff at window instants, recovery
 * of an attempt left without outcome, a restart over the same store, and the loop under TestClock.
 */
import { Clock, Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it, vi } from "vitest"
import { makeMemoryEventStore } from "../../packages/core/src/eventstore/memory.js"
import { DispatchAviso } from "../../packages/core/src/notification/commands.js"
import { Buzon } from "../../packages/core/src/app/Buzon.js"
import { buzonPortsLayer } from "../../packages/core/src/app/facade.js"
import { clockFrom } from "../../packages/core/src/app/clock.js"
import { runNotificationCommand } from "../../packages/core/src/app/notifications.js"
import { makeMemorySender } from "../../packages/core/src/app/memorySender.js"
import { seededRandomBytes } from "../../packages/core/src/app/BuzonConfig.js"
import { sign } from "../../packages/core/src/efirma/signature.js"
import { calendar2026, enrollActive, makeCredentials, makeShell, mx } from "./support.js"

const credentials = makeCredentials([{ rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE SA DE CV" }])
const kemper = credentials.patrones[0]!
const act = { idempotencyKey: "IMSS-7", rfc: kemper.rfc, actType: "cedula-de-liquidacion" as const, reference: "CL-7", contentSha256: "7".repeat(64), issuingUnit: "Subdelegación Norte" }
const contacts = { email: "pagos@kemper.mx", mobile: "5512345678" }

const avisoEvents = async (buzon: ReturnType<typeof makeShell>["buzon"], id: string) =>
  (await buzon.history(id)).filter((e) => e.type.startsWith("Aviso")).map((e) => ({ type: e.type, ...(e.data as object) }))

describe("the scheduler", () => {
  it("delivers through the other channel when one fails, and records both answers", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    await enrollActive(shell, kemper, contacts)
    shell.sender.failWhen((m) => (m.purpose === "aviso" && m.channel === "email" ? { reason: "mailbox full", retryable: true } : undefined))
    shell.clock.set(mx("2026-03-11T11:00"))
    const { notificationId } = await shell.buzon.deposit(act)
    expect(await shell.buzon.runDue()).toMatchObject({ attempts: 1, delivered: 1, failedAttempts: 0 })
    const events = await avisoEvents(shell.buzon, notificationId)
    expect(events.map((e) => e.type)).toEqual(["AvisoDispatchAttempted", "AvisoFailed", "AvisoSent", "AvisoDelivered"])
    expect(events[1]).toEqual({ type: "AvisoFailed", notificationId, attempt: 1, channel: "email", to: "pagos@kemper.mx", reason: "mailbox full", retryable: true, fallbackChannel: "sms" })
    expect(events[3]).toMatchObject({ avisoAt: mx("2026-03-11T11:00"), addresses: [{ channel: "sms", to: "+525512345678" }] })
  })

  it("retries after a backoff when every contact fails, at a window instant, and the aviso instant is the successful attempt's", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    await enrollActive(shell, kemper, contacts)
    shell.sender.failWhen((m) => (m.purpose === "aviso" ? { reason: "gateway timeout", retryable: true } : undefined))
    shell.clock.set(mx("2026-03-11T17:50"))
    const { notificationId } = await shell.buzon.deposit(act)
    expect(await shell.buzon.runDue()).toMatchObject({ attempts: 1, delivered: 0, failedAttempts: 1 })
    const retry = (await avisoEvents(shell.buzon, notificationId)).at(-1)
    // 17:50 + 15 min is 18:05, outside the window: the retry waits for 09:30 the next business day.
    expect(retry).toEqual({ type: "AvisoRetryScheduled", notificationId, attempt: 1, retryAt: mx("2026-03-12T09:30"), backoffMs: 900_000 })
    shell.sender.failWhen(() => undefined)
    expect(await shell.buzon.runDue(mx("2026-03-12T09:29"))).toMatchObject({ attempts: 0 })
    expect(await shell.buzon.runDue(mx("2026-03-12T09:30"))).toMatchObject({ attempts: 1, delivered: 1 })
    expect((await shell.buzon.inbox(kemper.rfc))[0]).toMatchObject({ status: "avisado", avisoAt: mx("2026-03-12T09:30"), deemableAt: mx("2026-03-19T09:30") })
  })

  it("records in every aviso event's metadata the calendar and rule set it was decided under (the events' own data does not repeat them)", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    await enrollActive(shell, kemper, contacts)
    shell.sender.failWhen((m) => (m.purpose === "aviso" ? { reason: "gateway timeout", retryable: true } : undefined))
    shell.clock.set(mx("2026-03-11T11:00"))
    const { notificationId } = await shell.buzon.deposit(act)
    await shell.buzon.runDue()
    shell.sender.failWhen(() => undefined)
    await shell.buzon.runDue(mx("2026-03-11T11:15"))
    const recorded = (await shell.buzon.history(notificationId)).filter((e) => e.type.startsWith("Aviso"))
    const stamps = recorded.map((e) => {
      const { actor, calendarVersion, ruleSetVersion } = e.metadata as Record<string, unknown>
      return { type: e.type, actor, calendarVersion, ruleSetVersion }
    })
    const stamp = { actor: { kind: "system", name: "scheduler" }, calendarVersion: calendar2026.version, ruleSetVersion: calendar2026.ruleSetVersion }
    expect(stamps).toEqual(["AvisoDispatchAttempted", "AvisoFailed", "AvisoFailed", "AvisoRetryScheduled", "AvisoDispatchAttempted", "AvisoSent", "AvisoSent", "AvisoDelivered"].map((type) => ({ type, ...stamp })))
  })

  it("after a restart, closes an attempt whose outcome was never recorded and sends the aviso again", async () => {
    const store = makeMemoryEventStore()
    const first = makeShell(credentials, mx("2026-03-09T10:00"), { store })
    await enrollActive(first, kemper, contacts)
    first.clock.set(mx("2026-03-11T10:00"))
    const { notificationId } = await first.buzon.deposit(act)
    // The first process started the attempt and stopped before sending or recording anything.
    await Effect.runPromise(
      runNotificationCommand(new DispatchAviso({ notificationId, targets: [{ channel: "email", to: "pagos@kemper.mx" }] }), { kind: "system", name: "scheduler" }, "aviso:crashed").pipe(
        Effect.provide(buzonPortsLayer({ store, calendar: calendar2026, sender: first.sender, trust: credentials.trust, instituteSeal: credentials.instituteSeal })),
        Effect.provideService(Clock.Clock, clockFrom(() => mx("2026-03-11T10:00"))),
      ),
    )
    const second = makeShell(credentials, mx("2026-03-11T10:05"), { store })
    expect(await second.buzon.runDue()).toMatchObject({ recovered: 1 })
    const events = await avisoEvents(second.buzon, notificationId)
    expect(events.map((e) => e.type)).toEqual(["AvisoDispatchAttempted", "AvisoFailed", "AvisoRetryScheduled"])
  })

  it("picks up after a restart over the same store: the new index finds exactly the work not yet recorded", async () => {
    const store = makeMemoryEventStore()
    const first = makeShell(credentials, mx("2026-03-09T10:00"), { store })
    await enrollActive(first, kemper, contacts)
    first.clock.set(mx("2026-03-11T08:00"))
    const a = await first.buzon.deposit(act)
    const b = await first.buzon.deposit({ ...act, idempotencyKey: "IMSS-8", reference: "CL-8" })
    expect(await first.buzon.runDue(mx("2026-03-11T09:30"))).toMatchObject({ attempts: 2, delivered: 2 })
    const second = makeShell(credentials, mx("2026-03-18T09:30"), { store })
    expect(second.buzon.service.models.position()).toBe(0)
    expect(await second.buzon.runDue()).toMatchObject({ attempts: 0, deemed: 2 })
    expect(await second.buzon.runDue()).toMatchObject({ attempts: 0, deemed: 0 })
    expect(second.sender.sent()).toEqual([]) // nothing sent twice
    for (const { notificationId } of [a, b]) expect((await second.buzon.notification(notificationId)).notification.status).toBe("made")
  })

  it("handles at most `batch` items of each kind per pass, earliest first; the rest wait for the next pass", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    await enrollActive(shell, kemper, contacts)
    shell.clock.set(mx("2026-03-11T08:00"))
    const a = await shell.buzon.deposit(act)
    shell.clock.set(mx("2026-03-11T08:01"))
    const b = await shell.buzon.deposit({ ...act, idempotencyKey: "IMSS-8", reference: "CL-8" })
    expect(await shell.buzon.runDue(mx("2026-03-11T09:30"), { batch: 1 })).toMatchObject({ attempts: 1, delivered: 1 })
    const statuses = async () => Promise.all([a, b].map(async ({ notificationId }) => (await shell.buzon.notification(notificationId)).notification.status))
    expect(await statuses()).toEqual(["avisado", "awaiting-aviso"])
    expect(await shell.buzon.runDue(mx("2026-03-11T09:31"), { batch: 1 })).toMatchObject({ attempts: 1, delivered: 1 })
    expect(await statuses()).toEqual(["avisado", "avisado"])
  })

  it("leaves avisos missed while it was stopped for the next window opening (DOMAIN §3.2)", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    await enrollActive(shell, kemper, contacts)
    shell.clock.set(mx("2026-03-11T08:00"))
    const { notificationId } = await shell.buzon.deposit(act)
    expect(await shell.buzon.runDue(mx("2026-03-11T20:00"))).toMatchObject({ attempts: 0, skipped: 0 })
    expect(await shell.buzon.runDue(mx("2026-03-12T09:30"))).toMatchObject({ attempts: 1, delivered: 1 })
    expect((await shell.buzon.inbox(kemper.rfc))[0]).toMatchObject({ notificationId, avisoAt: mx("2026-03-12T09:30") })
  })

  it("runs in the background from the facade until closed", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    await enrollActive(shell, kemper, contacts)
    const { notificationId } = await shell.buzon.deposit(act)
    shell.buzon.startScheduler({ pollMs: 5 })
    await vi.waitFor(async () => expect((await shell.buzon.notification(notificationId)).notification.status).toBe("avisado"), { timeout: 5_000, interval: 10 })
    await shell.buzon.close()
    const sent = shell.sender.sent().filter((m) => m.purpose === "aviso").length
    const { notificationId: later } = await shell.buzon.deposit({ ...act, idempotencyKey: "IMSS-9", reference: "CL-9" })
    expect({ sent, after: shell.sender.sent().filter((m) => m.purpose === "aviso").length, status: (await shell.buzon.notification(later)).notification.status }).toEqual({ sent: 2, after: 2, status: "awaiting-aviso" })
  })

  it("wakes at the next window opening for an aviso missed while it was stopped (TestClock)", async () => {
    const store = makeMemoryEventStore()
    const sender = makeMemorySender(() => 0)
    const program = Effect.gen(function* () {
      const buzon = yield* Buzon
      yield* TestClock.setTime(mx("2026-03-09T10:00"))
      const { challengeId, nonce } = yield* buzon.challenge()
      const identity = yield* buzon.authenticate({ challengeId, certificate: kemper.certificate, signature: sign(kemper.credential, nonce) })
      yield* buzon.enroll(identity)
      for (const [kind, address, to] of [["email", contacts.email, contacts.email], ["mobile", contacts.mobile, "+525512345678"]] as const) {
        const { contactId } = yield* buzon.addContact(identity, { kind, address })
        yield* buzon.verifyContact(identity, { contactId, code: sender.lastCodeTo(to)! })
      }
      const document = yield* buzon.consentDocument(identity)
      yield* buzon.signConsent(identity, { version: document.version, certificate: kemper.certificate, signature: sign(kemper.credential, document.cadenaOriginal) })
      yield* TestClock.setTime(mx("2026-03-11T08:00"))
      yield* buzon.deposit(act) // its aviso was due at 09:30; the scheduler only starts at 20:00
      yield* TestClock.setTime(mx("2026-03-11T20:00"))
      const fiber = yield* Effect.forkChild(buzon.schedule({ pollMs: 24 * 3_600_000 }))
      yield* TestClock.adjust("13 hours")
      const before = (yield* buzon.inbox(kemper.rfc))[0]?.status
      yield* TestClock.adjust("30 minutes")
      const after = (yield* buzon.inbox(kemper.rfc))[0]
      yield* Fiber.interrupt(fiber)
      return { before, status: after?.status, avisoAt: after?.avisoAt }
    })
    const ports = buzonPortsLayer({ store, calendar: calendar2026, sender, trust: credentials.trust, instituteSeal: credentials.instituteSeal, randomBytes: seededRandomBytes(3) })
    const result = await Effect.runPromise(program.pipe(Effect.provide(Buzon.layer.pipe(Layer.provide(ports))), Effect.provide(TestClock.layer())))
    expect(result).toEqual({ before: "awaiting-aviso", status: "avisado", avisoAt: mx("2026-03-12T09:30") })
  })

  it("runs passes in a loop driven by the Clock (TestClock)", async () => {
    const store = makeMemoryEventStore()
    const sender = makeMemorySender(() => 0)
    const program = Effect.gen(function* () {
      yield* TestClock.setTime(mx("2026-03-11T08:00"))
      const buzon = yield* Buzon
      const fiber = yield* Effect.forkChild(buzon.schedule({ pollMs: 6 * 3_600_000 }))
      yield* buzon.deposit({ ...act, rfc: "CACX7605101P8" }) // no mailbox: estrados, made on the 11th business day
      yield* TestClock.adjust("20 days")
      const [item] = yield* buzon.inbox("CACX7605101P8")
      yield* Fiber.interrupt(fiber)
      return item
    })
    const ports = buzonPortsLayer({ store, calendar: calendar2026, sender, trust: credentials.trust, instituteSeal: credentials.instituteSeal, randomBytes: seededRandomBytes(1) })
    const item = await Effect.runPromise(program.pipe(Effect.provide(Buzon.layer.pipe(Layer.provide(ports))), Effect.provide(TestClock.layer())))
    expect(item).toMatchObject({ status: "in-effect", madeBasis: "estrados" })
  })
})

