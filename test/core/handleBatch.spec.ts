/** Many commands decided together and appended in one appendBatch, with the tally aggregate. */
import { Clock, Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore } from "@buzon/core"
import type { EventStoreShape } from "@buzon/core"
import { makeMemoryEventStore } from "../../packages/core/src/eventstore/memory.js"
import { GENESIS_HASH, verifyChain } from "../../packages/core/src/evidence/hashChain.js"
import { clockFrom } from "../../packages/core/src/app/clock.js"
import { handleCommand } from "../../packages/core/src/app/handle.js"
import { handleBatch } from "../../packages/core/src/app/handleBatch.js"
import { Add, Added, NOW, options, tally, TallyFull } from "./tally.js"

const run = <A, E>(effect: Effect.Effect<A, E, EventStore>, store: EventStoreShape) =>
  Effect.runPromise(Effect.result(effect).pipe(Effect.provideService(EventStore, store), Effect.provideService(Clock.Clock, clockFrom(() => NOW))))
const { commandId: _unused, ...batchOptions } = options

const seed = async (store: EventStoreShape) => {
  await run(handleCommand(tally, "t-done", new Add({ key: "x" }), options), store)
  for (const key of ["a", "b", "c"]) await run(handleCommand(tally, "t-full", new Add({ key }), options), store)
}

describe("handleBatch", () => {
  it("answers each item (events, nothing, or its refusal) and appends what happened in one batch, chained", async () => {
    const store = makeMemoryEventStore()
    await seed(store)
    let batches = 0
    const counting: EventStoreShape = { ...store, appendBatch: (b) => (batches++, store.appendBatch(b)) }
    const items = [
      { streamName: "t-new", command: new Add({ key: "n" }), commandId: "b-1" },
      { streamName: "t-done", command: new Add({ key: "x" }), commandId: "b-2" },
      { streamName: "t-full", command: new Add({ key: "d" }), commandId: "b-3" },
    ]
    expect(await run(handleBatch(tally, items, batchOptions), counting)).toEqual(
      Result.succeed([
        { streamName: "t-new", events: [new Added({ key: "n", at: NOW })] },
        { streamName: "t-done", events: [] },
        { streamName: "t-full", refused: new TallyFull({ keys: ["a", "b", "c"] }) },
      ]),
    )
    const [recorded] = await Effect.runPromise(store.readStream("t-new"))
    expect({ batches, commandId: recorded?.metadata["commandId"], prevHash: recorded?.metadata["prevHash"] }).toEqual({ batches: 1, commandId: "b-1", prevHash: GENESIS_HASH })
    expect(verifyChain(await Effect.runPromise(store.readAll({ after: 0 })))).toMatchObject({ ok: true })
  })

  it("handles every item again one by one when another writer got to one of its streams first", async () => {
    const store = makeMemoryEventStore()
    let interfered = false
    const racing: EventStoreShape = {
      ...store,
      appendBatch: (batch) =>
        interfered
          ? store.appendBatch(batch)
          : ((interfered = true),
            handleCommand(tally, "t-2", new Add({ key: "other" }), options).pipe(
              Effect.provideService(EventStore, store),
              Effect.orDie,
              Effect.andThen(store.appendBatch(batch)),
            )),
    }
    const items = ["t-1", "t-2"].map((streamName, i) => ({ streamName, command: new Add({ key: "mine" }), commandId: `b-${i}` }))
    expect(await run(handleBatch(tally, items, batchOptions), racing)).toEqual(
      Result.succeed([
        { streamName: "t-1", events: [new Added({ key: "mine", at: NOW })] },
        { streamName: "t-2", events: [new Added({ key: "mine", at: NOW })] },
      ]),
    )
    const t2 = await Effect.runPromise(store.readStream("t-2"))
    expect(t2.map((e) => e.data)).toEqual([{ key: "other", at: NOW }, { key: "mine", at: NOW }])
    expect(verifyChain(await Effect.runPromise(store.readAll({ after: 0 })))).toMatchObject({ ok: true })
  })
})
