/**
 * The EventStore contract suite: one set of vitest specs that every store must pass (memory here;
 * SQLite and EventStoreDB in `@buzon/adapters`). Dev-only: it imports `vitest`, and is reached only
 * through `@buzon/core/testing`.
 *
 * Each test uses streams of its own (`mailbox-…`/`notification-…` with a run-unique suffix) and reads
 * `$all` only from positions it appended itself, so the suite also runs against a shared, non-empty
 * store such as a real EventStoreDB server.
 *
 * @since 0.1.0
 */
import { Effect, Fiber, Stream } from "effect"
import fc from "fast-check"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { StreamVersionConflict } from "./errors.js"
import type { EventStoreShape, NewEvent, RecordedEvent } from "./EventStore.js"

/** A store under test and how to release it. @since 0.1.0 */
export interface StoreUnderTest {
  readonly store: EventStoreShape
  readonly close: () => Promise<void>
}

/** What a store can promise beyond the port's minimum. @since 0.1.0 */
export interface ContractOptions {
  /** `appendBatch` across streams is all or nothing (memory, SQLite: yes; EventStoreDB: per stream only). */
  readonly atomicBatch?: boolean
}

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)
const failure = <A, E>(effect: Effect.Effect<A, E>): Promise<E> => Effect.runPromise(Effect.flip(effect))

let streamCounter = 0
// The time only makes names unique across runs against a persistent server; no assertion reads it.
const runId = Date.now().toString(36).toUpperCase()
const freshStream = (kind: "mailbox" | "notification" = "mailbox") => `${kind}-T${runId}X${++streamCounter}`

const event = (n: number, extra: Partial<NewEvent> = {}): NewEvent => ({
  type: "ContactAdded",
  data: { n, label: `contact ${n}` },
  metadata: { correlationId: `c-${n}` },
  ...extra,
})

/** The recorded shape of `e`, with store-assigned fields as given (`recordedAt`: any number). */
const recorded = (streamName: string, version: number, position: number, e: NewEvent): RecordedEvent =>
  ({ streamName, version, position, type: e.type, data: e.data, metadata: e.metadata, recordedAt: expect.any(Number) }) as RecordedEvent

/**
 * Registers the contract specs for a store: `make` is called before each test and `close` after.
 * @example eventStoreContract("memory", async () => ({ store: makeMemoryEventStore(), close: async () => {} }))
 * @since 0.1.0
 */
export const eventStoreContract = (
  name: string,
  make: () => Promise<StoreUnderTest>,
  options: ContractOptions = {},
): void => {
  describe(`EventStore contract: ${name}`, () => {
    let handle: StoreUnderTest
    let store: EventStoreShape
    beforeEach(async () => {
      handle = await make()
      store = handle.store
    })
    afterEach(async () => {
      await handle.close()
    })

    const appendAll = async (streamName: string, events: ReadonlyArray<NewEvent>) =>
      run(store.append(streamName, "any", events))
    /** Appends a marker to a stream of its own and answers its position: what this test reads after. */
    const mark = async () => (await run(store.append(freshStream(), 0, [event(0)]))).lastPosition

    it("reads an unknown stream as []", async () => {
      expect(await run(store.readStream(freshStream()))).toEqual([])
      expect(await run(store.readStream(freshStream(), { fromVersion: 3 }))).toEqual([])
    })

    it("starts a new stream at 0: its first event makes version 1", async () => {
      const s = freshStream()
      const result = await run(store.append(s, 0, [event(1)]))
      expect(result).toEqual({ streamName: s, nextExpectedVersion: 1, lastPosition: expect.any(Number) })
      expect(result.lastPosition).toBeGreaterThan(0)
      expect(await run(store.readStream(s))).toEqual([recorded(s, 1, result.lastPosition, event(1))])
    })

    it("numbers versions gaplessly and positions strictly increasing, across appends", async () => {
      const s = freshStream()
      const first = await run(store.append(s, 0, [event(1), event(2), event(3)]))
      const second = await run(store.append(s, 3, [event(4), event(5)]))
      expect(first.nextExpectedVersion).toBe(3)
      expect(second.nextExpectedVersion).toBe(5)
      const read = await run(store.readStream(s))
      expect(read.map((e) => e.version)).toEqual([1, 2, 3, 4, 5])
      expect(read.map((e) => e.data)).toEqual([1, 2, 3, 4, 5].map((n) => event(n).data))
      const positions = read.map((e) => e.position)
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true)
      expect([positions[2], positions[4]]).toEqual([first.lastPosition, second.lastPosition])
    })

    it("appends at the exact expected version, and blindly with \"any\"", async () => {
      const s = freshStream()
      await run(store.append(s, "any", [event(1)]))
      await run(store.append(s, 1, [event(2)]))
      const blind = await run(store.append(s, "any", [event(3)]))
      expect(blind).toEqual({ streamName: s, nextExpectedVersion: 3, lastPosition: expect.any(Number) })
      expect((await run(store.readStream(s))).map((e) => [e.version, e.data])).toEqual(
        [1, 2, 3].map((n) => [n, event(n).data]),
      )
    })

    it("refuses a stale expected version with the actual version, and writes nothing", async () => {
      const s = freshStream()
      await run(store.append(s, 0, [event(1), event(2)]))
      const before = await run(store.readStream(s))
      for (const expectedVersion of [0, 1, 3, 7]) {
        expect(await failure(store.append(s, expectedVersion, [event(9)]))).toEqual(
          new StreamVersionConflict({ streamName: s, expectedVersion, actualVersion: 2 }),
        )
      }
      expect(await run(store.readStream(s))).toEqual(before)
    })

    it("refuses an exact version on a stream that does not exist", async () => {
      const s = freshStream()
      expect(await failure(store.append(s, 2, [event(1)]))).toEqual(
        new StreamVersionConflict({ streamName: s, expectedVersion: 2, actualVersion: 0 }),
      )
      expect(await run(store.readStream(s))).toEqual([])
    })

    it("appends a batch across streams and answers one result per part", async () => {
      const a = freshStream(), b = freshStream("notification")
      await run(store.append(a, 0, [event(1)]))
      const results = await run(
        store.appendBatch([
          { streamName: a, expectedVersion: 1, events: [event(2), event(3)] },
          { streamName: b, expectedVersion: 0, events: [event(4)] },
        ]),
      )
      expect(results).toEqual([
        { streamName: a, nextExpectedVersion: 3, lastPosition: expect.any(Number) },
        { streamName: b, nextExpectedVersion: 1, lastPosition: expect.any(Number) },
      ])
      const readA = await run(store.readStream(a)), readB = await run(store.readStream(b))
      expect(readA.map((e) => e.version)).toEqual([1, 2, 3])
      expect(readB).toEqual([recorded(b, 1, results[1]!.lastPosition, event(4))])
      expect(readA[2]!.position).toBe(results[0]!.lastPosition)
    })

    it.skipIf(options.atomicBatch === false)("writes nothing of a batch when one part conflicts", async () => {
      const a = freshStream(), b = freshStream(), c = freshStream()
      await run(store.append(b, 0, [event(1)]))
      const error = await failure(
        store.appendBatch([
          { streamName: a, expectedVersion: 0, events: [event(2)] },
          { streamName: b, expectedVersion: 0, events: [event(3)] },
          { streamName: c, expectedVersion: 0, events: [event(4)] },
        ]),
      )
      expect(error).toEqual(new StreamVersionConflict({ streamName: b, expectedVersion: 0, actualVersion: 1 }))
      expect(await run(store.readStream(a))).toEqual([])
      expect((await run(store.readStream(b))).map((e) => e.data)).toEqual([event(1).data])
      expect(await run(store.readStream(c))).toEqual([])
    })

    it("reads a stream from a version", async () => {
      const s = freshStream()
      await appendAll(s, [1, 2, 3, 4, 5].map((n) => event(n)))
      expect((await run(store.readStream(s, { fromVersion: 3 }))).map((e) => [e.version, e.data])).toEqual(
        [3, 4, 5].map((n) => [n, event(n).data]),
      )
      expect(await run(store.readStream(s, { fromVersion: 6 }))).toEqual([])
      expect((await run(store.readStream(s, { fromVersion: 1 }))).length).toBe(5)
    })

    it("reads all streams in global position order, after a position, with a limit", async () => {
      const a = freshStream(), b = freshStream("notification")
      const start = await mark()
      const r1 = await run(store.append(a, 0, [event(1)]))
      const r2 = await run(store.append(b, 0, [event(2), event(3)]))
      const r3 = await run(store.append(a, 1, [event(4)]))
      const all = await run(store.readAll({ after: start }))
      expect(all.map((e) => [e.streamName, e.version, e.data])).toEqual([
        [a, 1, event(1).data],
        [b, 1, event(2).data],
        [b, 2, event(3).data],
        [a, 2, event(4).data],
      ])
      expect(all[0]).toEqual(recorded(a, 1, r1.lastPosition, event(1)))
      expect([all[2]!.position, all[3]!.position]).toEqual([r2.lastPosition, r3.lastPosition])
      expect(await run(store.readAll({ after: start, limit: 2 }))).toEqual(all.slice(0, 2))
      expect(await run(store.readAll({ after: all[1]!.position, limit: 10 }))).toEqual(all.slice(2))
      expect(await run(store.readAll({ after: r3.lastPosition }))).toEqual([])
    })

    it("subscribes to all: catches up, then follows new appends in order", async () => {
      const a = freshStream(), b = freshStream("notification")
      const start = await mark()
      await run(store.append(a, 0, [event(1), event(2)]))
      const fiber = Effect.runFork(Stream.runCollect(Stream.take(store.subscribeAll({ after: start }), 5)))
      await run(store.append(b, 0, [event(3)]))
      await new Promise((resolve) => setTimeout(resolve, 50)) // let the subscriber reach the head and wait
      await run(store.appendBatch([{ streamName: a, expectedVersion: 2, events: [event(4), event(5)] }]))
      // a subscription that misses an event would wait forever: fail within 5 s instead
      const seen = await Effect.runPromise(Effect.timeout(Fiber.join(fiber), "5 seconds"))
      expect(seen.map((e) => [e.streamName, e.version, e.data])).toEqual([
        [a, 1, event(1).data],
        [a, 2, event(2).data],
        [b, 1, event(3).data],
        [a, 3, event(4).data],
        [a, 4, event(5).data],
      ])
      expect(seen).toEqual(await run(store.readAll({ after: start, limit: 5 })))
    })

    it("reads and follows more than a page of events, in order, without repeats", async () => {
      const s = freshStream("notification")
      const start = await mark()
      const many = Array.from({ length: 1_200 }, (_, i) => event(i + 1))
      await run(store.append(s, 0, many.slice(0, 700)))
      await run(store.append(s, 700, many.slice(700)))
      const all = await run(store.readAll({ after: start }))
      expect(all.map((e) => [e.streamName, e.version, e.data])).toEqual(many.map((e, i) => [s, i + 1, e.data]))
      expect(await run(store.readAll({ after: start, limit: 1_000 }))).toEqual(all.slice(0, 1_000))
      const followed = await Effect.runPromise(
        Effect.timeout(Stream.runCollect(Stream.take(store.subscribeAll({ after: start }), 1_200)), "10 seconds"),
      )
      expect(followed).toEqual(all)
    })

    it("lets exactly one of many concurrent appends at one version win", async () => {
      const s = freshStream()
      await run(store.append(s, 0, [event(0)]))
      const outcomes = await run(
        Effect.all(
          Array.from({ length: 8 }, (_, i) => Effect.result(store.append(s, 1, [event(i + 1)]))),
          { concurrency: "unbounded" },
        ),
      )
      const won = outcomes.filter((o) => o._tag === "Success")
      const lost = outcomes.flatMap((o) => (o._tag === "Failure" ? [o.failure] : []))
      expect(won.length).toBe(1)
      expect(lost).toEqual(
        Array.from({ length: 7 }, () => new StreamVersionConflict({ streamName: s, expectedVersion: 1, actualVersion: 2 })),
      )
      const read = await run(store.readStream(s))
      expect(read.map((e) => e.version)).toEqual([1, 2])
    })

    it("keeps every write of racing writers that reload and retry: gapless, nothing lost", async () => {
      const s = freshStream()
      const writer = (w: number) =>
        Effect.gen(function* () {
          for (let i = 0; i < 5; i++) {
            for (;;) {
              const version = (yield* store.readStream(s)).length
              const outcome = yield* Effect.result(store.append(s, version, [event(w * 100 + i)]))
              if (outcome._tag === "Success") break
            }
          }
        })
      await run(Effect.all([1, 2, 3, 4].map(writer), { concurrency: "unbounded" }))
      const read = await run(store.readStream(s))
      expect(read.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
      const written = read.map((e) => (e.data as { n: number }).n).sort((x, y) => x - y)
      expect(written).toEqual([1, 2, 3, 4].flatMap((w) => [0, 1, 2, 3, 4].map((i) => w * 100 + i)))
    })

    it("answers like a reference model on seeded random sequences of appends", async () => {
      const op = fc.record({
        stream: fc.integer({ min: 0, max: 2 }),
        expected: fc.oneof(fc.constant("any" as const), fc.integer({ min: 0, max: 4 })),
        count: fc.integer({ min: 1, max: 3 }),
      })
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          const names = [freshStream(), freshStream("notification"), freshStream()]
          const model = [0, 0, 0]
          const start = await mark()
          const written: Array<[string, number]> = [] // [stream, n] in append order
          let n = 0
          for (const { stream, expected, count } of ops) {
            const streamName = names[stream]!, actualVersion = model[stream]!
            const events = Array.from({ length: count }, () => event(++n))
            const outcome = await run(Effect.result(store.append(streamName, expected, events)))
            if (expected !== "any" && expected !== actualVersion) {
              expect(outcome._tag === "Failure" ? outcome.failure : outcome.success).toEqual(
                new StreamVersionConflict({ streamName, expectedVersion: expected, actualVersion }),
              )
              continue
            }
            model[stream] = actualVersion + count
            expect(outcome._tag === "Success" ? outcome.success : outcome.failure).toEqual({
              streamName, nextExpectedVersion: model[stream], lastPosition: expect.any(Number),
            })
            for (let i = count - 1; i >= 0; i--) written.push([streamName, n - i])
          }
          for (const [i, streamName] of names.entries()) {
            const read = await run(store.readStream(streamName))
            expect(read.map((e) => [e.version, e.data])).toEqual(
              written.filter(([s]) => s === streamName).map(([, k], v) => [v + 1, event(k).data]),
            )
            expect(read.length).toBe(model[i])
          }
          const all = await run(store.readAll({ after: start }))
          expect(all.map((e) => [e.streamName, e.data])).toEqual(written.map(([s, k]) => [s, event(k).data]))
        }),
        { seed: 20_260_311, numRuns: 25 },
      )
    })

    it("round-trips JSON data and metadata: unicode, Ñ, nesting, numbers", async () => {
      const s = freshStream()
      const rich: NewEvent = {
        type: "ActDeposited",
        data: {
          razonSocial: "Comercializadora Ñandú, S.A. de C.V. — «prueba» 日本 🎉",
          empty: {},
          list: [1, -2.5, 0, 9007199254740991, true, false, null, "", [[]], { deep: { deeper: ["ü", "\u0000", "\n\t\"\\"] } }],
        },
        metadata: { prevHash: "0".repeat(64), hash: "ab".repeat(32), actor: { rfc: "EKU9003173C9", nombre: "Peña" } },
      }
      const start = await mark()
      const result = await run(store.append(s, 0, [rich]))
      expect(await run(store.readStream(s))).toEqual([recorded(s, 1, result.lastPosition, rich)])
      expect(await run(store.readAll({ after: start, limit: 1 }))).toEqual([
        recorded(s, 1, result.lastPosition, rich),
      ])
    })
  })
}
