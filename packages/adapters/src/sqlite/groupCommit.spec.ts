import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { makeGroupCommit } from "./groupCommit.js"

/** A commit that records each group it is given and answers each request doubled (odd ones refused). */
const recording = () => {
  const groups: Array<ReadonlyArray<number>> = []
  const group = makeGroupCommit((requests: ReadonlyArray<number>) => {
    groups.push(requests)
    return requests.map((n) => (n % 2 === 0 ? Effect.succeed(n * 2) : Effect.fail(`odd ${n}`)))
  })
  return { groups, group }
}

describe("makeGroupCommit", () => {
  it("commits the requests submitted in the same turn as one group, answering each its own outcome", async () => {
    const { groups, group } = recording()
    const outcomes = await Effect.runPromise(
      Effect.all([2, 3, 4].map((n) => Effect.result(group.submit(n))), { concurrency: "unbounded" }),
    )
    expect({ groups, outcomes: outcomes.map((o) => (o._tag === "Success" ? o.success : o.failure)) }).toEqual({
      groups: [[2, 3, 4]],
      outcomes: [4, "odd 3", 8],
    })
  })

  it("commits a request submitted later in a group of its own", async () => {
    const { groups, group } = recording()
    const first = await Effect.runPromise(group.submit(2))
    const second = await Effect.runPromise(group.submit(6))
    expect({ groups, answers: [first, second] }).toEqual({ groups: [[2], [6]], answers: [4, 12] })
  })

  it("stays synchronous under Effect.runSync: a group of one", () => {
    const { groups, group } = recording()
    expect({ answer: Effect.runSync(group.submit(10)), groups }).toEqual({ answer: 20, groups: [[10]] })
  })
})
