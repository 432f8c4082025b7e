/**
 * A pinned version (`CommandOptions.expectedVersion`, what HTTP's `If-Match` becomes): the command is
 * decided and appended at that version in one step, never retried; a repeat still answers `[]`.
 * First at the command path's own level with the tally aggregate, then through the use-cases.
 */
import { Clock, Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore, StreamVersionConflict } from "@buzon/core"
import type { EventStoreShape } from "@buzon/core"
import { clockFrom } from "../../packages/core/src/app/clock.js"
import { StreamVersionMismatch } from "../../packages/core/src/app/errors.js"
import { handleCommand } from "../../packages/core/src/app/handle.js"
import type { CommandOptions } from "../../packages/core/src/app/handle.js"
import { sign } from "../../packages/core/src/efirma/signature.js"
import { makeMemoryEventStore } from "../../packages/core/src/eventstore/memory.js"
import { verifyChain } from "../../packages/core/src/evidence/hashChain.js"
import { mailboxStreamName } from "../../packages/core/src/mailbox/events.js"
import { enrollActive, login, makeCredentials, makeShell, mx } from "./support.js"
import { Add, Added, NOW, options, tally, TallyFull } from "./tally.js"

const STREAM = "tally-1"
const run = <A, E>(effect: Effect.Effect<A, E, EventStore>, store: EventStoreShape) =>
  Effect.runPromise(Effect.result(effect).pipe(Effect.provideService(EventStore, store), Effect.provideService(Clock.Clock, clockFrom(() => NOW))))
const keysOf = async (store: EventStoreShape) => (await Effect.runPromise(store.readStream(STREAM))).map((e) => (e.data as { key: string }).key)
const pinnedAt = (expectedVersion: number): CommandOptions => ({ ...options, commandId: "cmd-pinned", expectedVersion })

/** A store whose history is these keys, one event each (version n after n keys). */
const given = async (keys: ReadonlyArray<string>, store: EventStoreShape = makeMemoryEventStore()) => {
  for (const key of keys) await run(handleCommand(tally, STREAM, new Add({ key }), options), store)
  return store
}

/** Another writer appends `key` right before this store's next append, once: the race If-Match is about. */
const racedBy = (key: string, inner: EventStoreShape) => {
  const seen = { appends: 0 }
  const store: EventStoreShape = {
    ...inner,
    append: (streamName, expected, events) =>
      seen.appends++ === 0
        ? handleCommand(tally, streamName, new Add({ key }), options).pipe(
            Effect.provideService(EventStore, inner), Effect.orDie, Effect.andThen(inner.append(streamName, expected, events)))
        : inner.append(streamName, expected, events),
  }
  return { store, seen }
}

describe("handleCommand with a pinned version", () => {
  it("decides and appends when the stream is at the pinned version", async () => {
    const store = await given(["a"])
    const when = await run(handleCommand(tally, STREAM, new Add({ key: "b" }), pinnedAt(1)), store)
    expect(when).toEqual(Result.succeed({ events: [new Added({ key: "b", at: NOW })], state: ["a", "b"], version: 2, now: NOW }))
    expect(await keysOf(store)).toEqual(["a", "b"])
  })

  it("fails with StreamVersionMismatch, appending nothing, when the stream moved on", async () => {
    const store = await given(["a", "b"])
    const when = await run(handleCommand(tally, STREAM, new Add({ key: "c" }), pinnedAt(1)), store)
    expect(when).toEqual(Result.fail(new StreamVersionMismatch({ streamName: STREAM, expectedVersion: 1, actualVersion: 2 })))
    expect(await keysOf(store)).toEqual(["a", "b"])
  })

  it("answers the mismatch before the refusal the stale stream would get (RFC 9110 §13.1.1: precondition first)", async () => {
    const store = await given(["a", "b", "c"])
    expect(await run(handleCommand(tally, STREAM, new Add({ key: "d" }), pinnedAt(2)), store)).toEqual(
      Result.fail(new StreamVersionMismatch({ streamName: STREAM, expectedVersion: 2, actualVersion: 3 })))
    expect(await run(handleCommand(tally, STREAM, new Add({ key: "d" }), pinnedAt(3)), store)).toEqual(Result.fail(new TallyFull({ keys: ["a", "b", "c"] })))
  })

  it("answers a repeat as before, [] at the current version, even with a stale pin (RFC 9110 §13.1.1: a change already made may answer 2xx)", async () => {
    const store = await given(["a", "b"])
    const when = await run(handleCommand(tally, STREAM, new Add({ key: "a" }), pinnedAt(0)), store)
    expect(when).toEqual(Result.succeed({ events: [], state: ["a", "b"], version: 2, now: NOW }))
    expect(await keysOf(store)).toEqual(["a", "b"])
  })

  it("fails with the mismatch, not retried, when another writer appends between the load and the append", async () => {
    const inner = await given(["a"])
    const { store, seen } = racedBy("other", inner)
    const when = await run(handleCommand(tally, STREAM, new Add({ key: "mine" }), pinnedAt(1)), store)
    expect(when).toEqual(Result.fail(new StreamVersionMismatch({ streamName: STREAM, expectedVersion: 1, actualVersion: 2 })))
    expect({ appends: seen.appends, keys: await keysOf(inner) }).toEqual({ appends: 1, keys: ["a", "other"] })
    expect(verifyChain(await Effect.runPromise(inner.readStream(STREAM))).ok).toBe(true)
  })

  it("answers [] when the writer that got in between recorded this very command (a duplicate request)", async () => {
    const inner = await given(["a"])
    const { store, seen } = racedBy("mine", inner)
    const when = await run(handleCommand(tally, STREAM, new Add({ key: "mine" }), pinnedAt(1)), store)
    expect(when).toEqual(Result.succeed({ events: [], state: ["a", "mine"], version: 2, now: NOW }))
    expect({ appends: seen.appends, keys: await keysOf(inner) }).toEqual({ appends: 1, keys: ["a", "mine"] })
  })

  it("appends once and reports the store's version when every append conflicts (no retry loop, no backoff)", async () => {
    const inner = await given(["a"])
    let appends = 0
    const alwaysBehind: EventStoreShape = {
      ...inner,
      append: (streamName, expected) => (appends++, Effect.fail(new StreamVersionConflict({ streamName, expectedVersion: expected, actualVersion: 7 }))),
    }
    const when = await run(handleCommand(tally, STREAM, new Add({ key: "b" }), pinnedAt(1)), alwaysBehind)
    expect(when).toEqual(Result.fail(new StreamVersionMismatch({ streamName: STREAM, expectedVersion: 1, actualVersion: 7 })))
    expect(appends).toBe(1)
  })

  it("leaves the unpinned path as it was: the same race is retried and the command lands", async () => {
    const inner = await given(["a"])
    const { store } = racedBy("other", inner)
    const when = await run(handleCommand(tally, STREAM, new Add({ key: "mine" }), options), store)
    expect(when).toEqual(Result.succeed({ events: [new Added({ key: "mine", at: NOW })], state: ["a", "other", "mine"], version: 3, now: NOW }))
  })
})

describe("the use-cases with a pinned mailbox or notification version", () => {
  const credentials = makeCredentials([{ rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE SA DE CV" }])
  const [kemper] = credentials.patrones as [(typeof credentials.patrones)[0]]
  const contacts = { email: "pagos@kemper.mx", mobile: "5512345678" }
  const historyOf = (shell: ReturnType<typeof makeShell>) => Effect.runPromise(shell.store.readStream(mailboxStreamName(kemper.rfc)))

  it("adds a contact at the version read, and refuses a stale one with nothing recorded and no code sent", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    const { identity, signed } = await enrollActive(shell, kemper, contacts)
    const added = await shell.buzon.addContact(identity, { kind: "email", address: "otro@kemper.mx" }, signed.version)
    expect(added.version).toBe(signed.version + 2) // ContactRegistered, then its code: one change
    const before = await historyOf(shell)
    const sent = shell.sender.sent().length
    await expect(shell.buzon.addContact(identity, { kind: "email", address: "tercero@kemper.mx" }, signed.version)).rejects.toEqual(
      new StreamVersionMismatch({ streamName: mailboxStreamName(kemper.rfc), expectedVersion: signed.version, actualVersion: added.version }))
    expect({ history: (await historyOf(shell)).length, sent: shell.sender.sent().length }).toEqual({ history: before.length, sent })
  })

  it("answers a consent signed already as before, whatever version was read", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    const { identity, document, signed } = await enrollActive(shell, kemper, contacts)
    const again = await shell.buzon.signConsent(identity, { version: document.version, certificate: kemper.certificate, signature: sign(kemper.credential, document.cadenaOriginal) }, signed.version - 1)
    expect({ status: again.mailbox.status, version: again.version }).toEqual({ status: "active", version: signed.version })
  })

  it("opens an act at the notification version read, and refuses a stale one", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    await enrollActive(shell, kemper, contacts)
    const contentSha256 = "a".repeat(64)
    const { notificationId, version } = await shell.buzon.deposit({ idempotencyKey: "IMSS-pin-1", rfc: kemper.rfc, actType: "oficio", reference: "OF-1", contentSha256, issuingUnit: "Subdelegación 1" })
    await shell.buzon.runDue(mx("2026-03-09T10:05")) // the aviso goes out: the stream moves past the deposit
    const current = (await shell.buzon.notification(notificationId)).version
    expect(current).toBeGreaterThan(version)
    const identity = await login(shell.buzon, kemper)
    const input = { notificationId, certificate: kemper.certificate, signature: sign(kemper.credential, contentSha256) }
    await expect(shell.buzon.open(identity, input, version)).rejects.toMatchObject({ _tag: "StreamVersionMismatch", expectedVersion: version, actualVersion: current })
    const opened = await shell.buzon.open(identity, input, current)
    expect(opened.notification.status).not.toBe("avisado")
    expect(opened.events.length).toBeGreaterThan(0)
  })
})
