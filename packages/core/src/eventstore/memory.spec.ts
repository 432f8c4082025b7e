import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import { eventStoreContract } from "./contract.js"
import { EventStore } from "./EventStore.js"
import { makeMemoryEventStore } from "./memory.js"

eventStoreContract("memory", async () => ({ store: makeMemoryEventStore(), close: async () => {} }))

describe("EventStore.layerMemory", () => {
  it("gives each build a fresh store and stamps recordedAt from the Effect clock", async () => {
    const program = Effect.gen(function* () {
      yield* TestClock.setTime(1_767_225_600_000) // 2026-01-01T00:00:00Z
      const store = yield* EventStore
      yield* store.append("mailbox-EKU9003173C9", 0, [{ type: "MailboxOpened", data: { rfc: "EKU9003173C9" }, metadata: {} }])
      return yield* store.readAll({ after: 0 })
    })
    const layer = Layer.merge(EventStore.layerMemory, TestClock.layer())
    const first = await Effect.runPromise(Effect.provide(program, layer))
    const second = await Effect.runPromise(Effect.provide(program, layer))
    const expected = [{
      streamName: "mailbox-EKU9003173C9", version: 1, position: 1, type: "MailboxOpened",
      data: { rfc: "EKU9003173C9" }, metadata: {}, recordedAt: 1_767_225_600_000,
    }]
    expect(first).toEqual(expected)
    expect(second).toEqual(expected)
  })
})
