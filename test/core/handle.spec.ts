/**
 * The command path at its own level, with a small aggregate written for the test (a tally of keys,
 * at most three) over the real in-memory store: load → decide → append, idempotency, refusals,
 * metadata and hash chain, conflict retry.
 */
import { Clock, Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore, EventStoreUnavailable, StreamVersionConflict } from "@buzon/core"
import type { EventStoreShape } from "@buzon/core"
import { makeMemoryEventStore } from "../../packages/core/src/eventstore/memory.js"
import { GENESIS_HASH, hashEvent, verifyChain } from "../../packages/core/src/evidence/hashChain.js"
import { clockFrom } from "../../packages/core/src/app/clock.js"
import { handleCommand } from "../../packages/core/src/app/handle.js"
import type { CommandOptions } from "../../packages/core/src/app/handle.js"

import { Add, Added, NOW, options, tally, TallyFull } from "./tally.js"

const run = <A, E>(effect: Effect.Effect<A, E, EventStore>, store: EventStoreShape, read: () => number = () => NOW) =>
  Effect.runPromise(Effect.result(effect).pipe(Effect.provideService(EventStore, store), Effect.provideService(Clock.Clock, clockFrom(read))))

const readAll = (store: EventStoreShape) => Effect.runPromise(store.readStream("tally-1"))

describe("handleCommand", () => {
  it("appends the decided events with the actor, command id, instant, versions and the hash chain", async () => {
    const store = makeMemoryEventStore()
    const exit = await run(handleCommand(tally, "tally-1", new Add({ key: "a" }), options), store)
    expect(exit).toEqual(Result.succeed({ events: [new Added({ key: "a", at: NOW })], state: ["a"], version: 1, now: NOW }))
    const [recorded] = await readAll(store)
    const metadata = {
      commandId: "cmd-1",
      actor: { kind: "efirma", rfc: "EKU9003173C9", certificateNumber: "30001000000500003415" },
      decidedAt: NOW,
      calendarVersion: "cal-test-1",
      ruleSetVersion: "rules-2026.1",
      prevHash: GENESIS_HASH,
    }
    const hash = hashEvent({ streamName: "tally-1", version: 1, type: "Added", data: { key: "a", at: NOW }, metadata })
    expect(recorded).toMatchObject({ streamName: "tally-1", version: 1, type: "Added", data: { key: "a", at: NOW }, metadata: { ...metadata, hash } })
  })

  it("appends nothing when the command already holds (a repeated command is a no-op)", async () => {
    const store = makeMemoryEventStore()
    await run(handleCommand(tally, "tally-1", new Add({ key: "a" }), options), store)
    const again = await run(handleCommand(tally, "tally-1", new Add({ key: "a" }), { ...options, commandId: "cmd-2" }), store)
    expect(again).toEqual(Result.succeed({ events: [], state: ["a"], version: 1, now: NOW }))
    expect((await readAll(store)).length).toBe(1)
  })

  it("fails with the decider's refusal and records nothing", async () => {
    const store = makeMemoryEventStore()
    for (const key of ["a", "b", "c"]) await run(handleCommand(tally, "tally-1", new Add({ key }), options), store)
    const refused = await run(handleCommand(tally, "tally-1", new Add({ key: "d" }), options), store)
    expect(refused).toEqual(Result.fail(new TallyFull({ keys: ["a", "b", "c"] })))
    const recorded = await readAll(store)
    expect(recorded.map((e) => e.data)).toEqual(["a", "b", "c"].map((key) => ({ key, at: NOW })))
    expect(verifyChain(recorded).ok).toBe(true)
  })

  it("reloads and decides again when another writer got there first, keeping the chain whole", async () => {
    const inner = makeMemoryEventStore()
    let interfered = 0
    const racing: EventStoreShape = {
      ...inner,
      append: (streamName, expected, events) =>
        interfered++ === 0
          ? handleCommand(tally, streamName, new Add({ key: "other" }), options).pipe(
              Effect.provideService(EventStore, inner),
              Effect.orDie,
              Effect.andThen(inner.append(streamName, expected, events)),
            )
          : inner.append(streamName, expected, events),
    }
    const exit = await run(handleCommand(tally, "tally-1", new Add({ key: "mine" }), options), racing)
    expect(exit).toEqual(Result.succeed({ events: [new Added({ key: "mine", at: NOW })], state: ["other", "mine"], version: 2, now: NOW }))
    const recorded = await readAll(inner)
    expect(recorded.map((e) => e.data)).toEqual([{ key: "other", at: NOW }, { key: "mine", at: NOW }])
    expect(verifyChain(recorded).ok).toBe(true)
  })

  it("gives up after the bounded retries with the conflict, deciding every time at the instant first read", async () => {
    const inner = makeMemoryEventStore()
    let appends = 0
    const alwaysBehind: EventStoreShape = {
      ...inner,
      append: (streamName, expected) => {
        appends++
        return Effect.fail(new StreamVersionConflict({ streamName, expectedVersion: expected, actualVersion: 99 }))
      },
    }
    const seen: Array<number> = []
    const watched = { ...tally, decider: { ...tally.decider, decide: (c: Add, s: ReadonlyArray<string>, ctx: { now: number; calendar: CommandOptions["calendar"] }) => (seen.push(ctx.now), tally.decider.decide(c, s, ctx)) } }
    let reads = 0
    const exit = await run(handleCommand(watched, "tally-1", new Add({ key: "a" }), options), alwaysBehind, () => NOW + 1000 * reads++)
    expect(exit).toEqual(Result.fail(new StreamVersionConflict({ streamName: "tally-1", expectedVersion: 0, actualVersion: 99 })))
    expect({ appends, seen }).toEqual({ appends: 6, seen: Array(6).fill(seen[0]) })
  })

  it("folds onto a cached stream only what another writer appended since, decoding nothing twice", async () => {
    const store = makeMemoryEventStore()
    const otherProcess: EventStoreShape = { ...store } // another handle on the same history, with its own cache
    const decoded: Array<string> = []
    const watched: typeof tally = {
      ...tally,
      codec: { ...tally.codec, decode: (type, data) => (decoded.push((data as { key: string }).key), tally.codec.decode(type, data)) },
    }
    await run(handleCommand(watched, "tally-1", new Add({ key: "a" }), options), store) // caches the stream at version 1
    await run(handleCommand(tally, "tally-1", new Add({ key: "other" }), options), otherProcess)
    const exit = await run(handleCommand(watched, "tally-1", new Add({ key: "b" }), options), store)
    expect(exit).toEqual(Result.succeed({ events: [new Added({ key: "b", at: NOW })], state: ["a", "other", "b"], version: 3, now: NOW }))
    expect(decoded).toEqual(["other"])
    expect(verifyChain(await readAll(store)).ok).toBe(true)
  })

  it("fails with EventStoreUnavailable, without retrying, when the store cannot be read", async () => {
    let reads = 0
    const down: EventStoreShape = {
      ...makeMemoryEventStore(),
      readStream: () => (reads++, Effect.fail(new EventStoreUnavailable({ store: "sqlite", cause: "disk I/O error" }))),
    }
    expect(await run(handleCommand(tally, "tally-1", new Add({ key: "a" }), options), down)).toEqual(
      Result.fail(new EventStoreUnavailable({ store: "sqlite", cause: "disk I/O error" })),
    )
    expect(reads).toBe(1)
  })

  it("provides the same path through EventStore.layerMemory", async () => {
    const program = Effect.gen(function* () {
      yield* handleCommand(tally, "tally-1", new Add({ key: "a" }), options)
      return yield* handleCommand(tally, "tally-1", new Add({ key: "b" }), options)
    })
    const exit = await Effect.runPromise(Effect.result(program).pipe(Effect.provide(EventStore.layerMemory), Effect.provideService(Clock.Clock, clockFrom(() => NOW))))
    expect(exit).toEqual(Result.succeed({ events: [new Added({ key: "b", at: NOW })], state: ["a", "b"], version: 2, now: NOW }))
  })
})
