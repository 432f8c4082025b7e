import { createServer } from "node:net"
import { Effect, Fiber, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { EventStoreUnavailable, StreamVersionConflict } from "@buzon/core"
import { eventStoreContract } from "@buzon/core/testing"
import { EsdbEventStore, makeEsdbEventStore } from "@buzon/adapters"
import { startEsdbFake } from "./esdbFake/EsdbFake.js"
import type { EsdbFake } from "./esdbFake/EsdbFake.js"

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const opened = { type: "MailboxOpened", data: { rfc: "EKU9003173C9" }, metadata: { hash: "ab" } }

let fake: EsdbFake
beforeAll(async () => {
  fake = await startEsdbFake()
})
afterAll(async () => {
  await fake.close()
})

eventStoreContract(
  "EventStoreDB (loopback gRPC fake)",
  async () => {
    const client = EsdbEventStore.connect(fake.connectionString)
    return { store: makeEsdbEventStore(client), close: () => client.dispose() }
  },
  { atomicBatch: false },
)

const real = process.env["ESDB_CONNECTION_STRING"]
if (real === undefined)
  console.warn("[skip] EventStoreDB contract on a real server: set ESDB_CONNECTION_STRING (e.g. esdb://127.0.0.1:2113?tls=false) to run it.")
describe.skipIf(real === undefined)("a real EventStoreDB server", () => {
  eventStoreContract(
    `EventStoreDB at ${real}`,
    async () => {
      const client = EsdbEventStore.connect(real!)
      return { store: makeEsdbEventStore(client), close: () => client.dispose() }
    },
    { atomicBatch: false },
  )
})

/** Waits (up to 5 s) until the fake has `n` live subscriptions, and answers how many it has. */
const listenersBecome = async (n: number) => {
  for (let waited = 0; fake.log.listeners.size !== n && waited < 5_000; waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20))
  return fake.log.listeners.size
}

describe("EsdbEventStore on the fake", () => {
  it("maps version n to revision n - 1 on the wire, and expected version 0 to \"no stream\"", async () => {
    const client = EsdbEventStore.connect(fake.connectionString)
    const store = makeEsdbEventStore(client)
    await run(store.append("mailbox-REV1", 0, [opened, opened]))
    await run(store.append("mailbox-REV1", 2, [opened]))
    expect(fake.log.streams.get("mailbox-REV1")!.map((r) => r.revision)).toEqual([0, 1, 2])
    expect(await run(Effect.flip(store.append("mailbox-REV1", 0, [opened])))).toEqual(
      new StreamVersionConflict({ streamName: "mailbox-REV1", expectedVersion: 0, actualVersion: 3 }),
    )
    await client.dispose()
  })

  it("reads and subscribes to our streams only: system and foreign streams are skipped", async () => {
    const client = EsdbEventStore.connect(fake.connectionString)
    const store = makeEsdbEventStore(client, { prefixes: ["mailbox-"] })
    const before = fake.log.nextPosition
    await run(store.append("notification-N9", "any", [opened])) // not ours under this prefix set
    const mine = await run(store.append("mailbox-ONLY", 0, [opened]))
    const all = await run(store.readAll({ after: 0 }))
    expect(all.every((e) => e.streamName.startsWith("mailbox-"))).toBe(true)
    expect(all.filter((e) => e.position >= Number(before))).toEqual([
      { streamName: "mailbox-ONLY", version: 1, position: mine.lastPosition, recordedAt: expect.any(Number), ...opened },
    ])
    const subscribed = await run(Stream.runCollect(Stream.take(store.subscribeAll({ after: Number(before) - 1 }), 1)))
    expect(subscribed).toEqual(all.filter((e) => e.position >= Number(before)))
    await client.dispose()
  })

  it("stops the server-side subscription when the consumer is interrupted", async () => {
    const client = EsdbEventStore.connect(fake.connectionString)
    const store = makeEsdbEventStore(client)
    const fiber = Effect.runFork(Stream.runDrain(store.subscribeAll({ after: 0 })))
    expect(await listenersBecome(1)).toBe(1)
    await run(Fiber.interrupt(fiber))
    expect(await listenersBecome(0)).toBe(0)
    await client.dispose()
  })
})

describe("EsdbEventStore with no server", () => {
  it("answers EventStoreUnavailable in words when the port is closed", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number }
        probe.close(() => resolve(port))
      })
    })
    const client = EsdbEventStore.connect(`esdb://127.0.0.1:${port}?tls=false`)
    const store = makeEsdbEventStore(client)
    const expected = new EventStoreUnavailable({
      store: "EventStoreDB",
      cause: "the server cannot be reached (is it running, and is the connection string's host and port right?)",
    })
    expect(await run(Effect.flip(store.append("mailbox-X", 0, [opened])))).toEqual(expected)
    expect(await run(Effect.flip(store.readStream("mailbox-X")))).toEqual(expected)
    expect(await run(Effect.flip(store.readAll({ after: 0 })))).toEqual(expected)
    expect(await run(Effect.flip(Stream.runCollect(Stream.take(store.subscribeAll({ after: 0 }), 1))))).toEqual(expected)
    expect(expected.message).not.toMatch(/\b14\b|UNAVAILABLE/)
    await client.dispose()
  })
})
