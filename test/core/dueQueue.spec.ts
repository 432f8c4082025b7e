/** The due queue against the naive loop it replaces (ARCHITECTURE.md: "index == naive loop"). */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makeDueQueue } from "../../packages/core/src/app/dueQueue.js"

type Op = { readonly op: "set"; readonly key: string; readonly dueAt: number } | { readonly op: "delete"; readonly key: string } | { readonly op: "due"; readonly now: number; readonly limit: number }

const key = fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h")
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("set" as const), key, dueAt: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ op: fc.constant("delete" as const), key }),
  fc.record({ op: fc.constant("due" as const), now: fc.integer({ min: 0, max: 60 }), limit: fc.integer({ min: 1, max: 10 }) }),
)

describe("makeDueQueue", () => {
  it("answers what a naive scan of a map answers, after any sequence of sets and deletes", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const queue = makeDueQueue()
        // The naive model: a map of key → instant and the order the key was set at that instant.
        const naive = new Map<string, { dueAt: number; seq: number }>()
        let seq = 0
        const sorted = () => [...naive].sort(([, a], [, b]) => a.dueAt - b.dueAt || a.seq - b.seq).map(([key, { dueAt }]) => ({ key, dueAt }))
        for (const o of ops) {
          if (o.op === "set") {
            queue.set(o.key, o.dueAt)
            if (naive.get(o.key)?.dueAt !== o.dueAt) naive.set(o.key, { dueAt: o.dueAt, seq: seq++ })
          } else if (o.op === "delete") (queue.delete(o.key), naive.delete(o.key))
          else expect(queue.due(o.now, o.limit)).toEqual(sorted().filter((e) => e.dueAt <= o.now).slice(0, o.limit))
        }
        const all = sorted()
        expect({ entries: queue.entries(), size: queue.size(), next: queue.next() }).toEqual({ entries: all, size: naive.size, next: all[0]?.dueAt })
      }),
      { seed: 4242, numRuns: 300 },
    )
  })

  it("drops emptied instants and still answers right after many reschedules", () => {
    const queue = makeDueQueue()
    for (let round = 0; round < 5; round++) for (let i = 0; i < 1000; i++) queue.set(`n${i}`, 10_000 - i + round)
    for (let i = 0; i < 990; i++) queue.delete(`n${i}`)
    expect(queue.due(Number.MAX_SAFE_INTEGER)).toEqual(Array.from({ length: 10 }, (_, j) => ({ key: `n${999 - j}`, dueAt: 10_000 - (999 - j) + 4 })))
    expect(queue.next()).toBe(10_000 - 999 + 4)
  })
})
