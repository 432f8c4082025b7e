import { Effect, Scheduler } from "effect"
import { describe, expect, it } from "vitest"
import type { EventStoreShape } from "../eventstore/EventStore.js"
import { makeMemoryEventStore } from "../eventstore/memory.js"
import { makeTestBuzon } from "./testBuzon.js"

/** The memory store, noting the execution mode of the scheduler each `readAll` runs on. */
const noteSchedulers = (modes: Array<string>): EventStoreShape => {
  const store = makeMemoryEventStore()
  return {
    ...store,
    readAll: (options) =>
      Effect.flatMap(Effect.service(Scheduler.Scheduler), (scheduler) => {
        modes.push(scheduler.executionMode)
        return store.readAll(options)
      }),
  }
}

describe("Buzon.layer", () => {
  // createBuzon builds the layer under Effect.runSync; its synchronous Scheduler must not follow the
  // operations, or their yields run as microtasks with no I/O between them (no group commit in SQLite).
  it("runs each operation on its caller's scheduler, not on the one the layer was built under", async () => {
    const modes: Array<string> = []
    const { buzon } = makeTestBuzon({ start: Date.parse("2026-03-11T16:00:00Z"), store: noteSchedulers(modes) })
    await buzon.inbox("EKU9003173C9")
    Effect.runSync(buzon.service.inbox("EKU9003173C9"))
    expect(modes).toEqual(["async", "sync"])
  })
})
