import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makeRecentCache } from "./recentCache.js"

type Op =
  | { readonly kind: "set"; readonly key: number; readonly value: number }
  | { readonly kind: "get"; readonly key: number }
  | { readonly kind: "delete"; readonly key: number }

const key = fc.integer({ min: 0, max: 9 }) // few keys, so sequences revisit them
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant("get" as const), key }),
  fc.record({ kind: fc.constant("delete" as const), key }),
)

/**
 * Runs `ops` on a cache and on a plain Map (what was set and not deleted), and reports the first
 * broken promise: a stale or invented value, more entries than the limit or than keys set (one
 * counted twice), or a key dropped although fewer than `Math.floor(limit / 2)` other keys were set
 * or hit since its last use.
 */
const firstBreak = (limit: number, ops: ReadonlyArray<Op>): string | undefined => {
  const cache = makeRecentCache<number, number>(limit)
  const model = new Map<number, number>()
  const usedSince = new Map<number, Set<number>>() // per key in the model: the other keys used since its last use
  const use = (k: number) => {
    for (const [other, since] of usedSince) if (other !== k) since.add(k)
    usedSince.set(k, new Set())
  }
  for (const [i, o] of ops.entries()) {
    if (o.kind === "set") {
      cache.set(o.key, o.value)
      model.set(o.key, o.value)
      use(o.key)
    } else if (o.kind === "delete") {
      cache.delete(o.key)
      model.delete(o.key)
      usedSince.delete(o.key)
    } else {
      const got = cache.get(o.key)
      if (got !== undefined && got !== model.get(o.key)) return `op ${i}: get(${o.key}) = ${got}, set last to ${model.get(o.key)}`
      if (got === undefined && model.has(o.key) && usedSince.get(o.key)!.size < Math.floor(limit / 2))
        return `op ${i}: get(${o.key}) dropped after ${usedSince.get(o.key)!.size} other keys`
      if (got !== undefined) use(o.key)
      else usedSince.delete(o.key) // dropped: the model forgets it too, as a caller would read it again
      if (got === undefined) model.delete(o.key)
    }
    if (cache.size() > limit) return `op ${i}: ${cache.size()} entries over a limit of ${limit}`
    if (cache.size() > model.size) return `op ${i}: ${cache.size()} entries for ${model.size} keys set and not deleted`
  }
  return undefined
}

describe("makeRecentCache", () => {
  it("never answers a stale value, never holds more than its limit, and keeps what was used lately", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 16 }), fc.array(op, { minLength: 20, maxLength: 200 }), (limit, ops) => {
        expect(firstBreak(limit, ops)).toBeUndefined()
      }),
      { seed: 20261130, numRuns: 400 },
    )
  })

  it("drops the keys not used for a while, in whole generations", () => {
    const cache = makeRecentCache<string, number>(4) // generations of 2
    cache.set("a", 1)
    cache.set("b", 2) // the young generation is full: a and b become the old one
    cache.set("c", 3)
    expect(cache.get("a")).toBe(1) // a hit moves a to the young generation (c, a), full again: b, left in the old one, is dropped
    expect([cache.get("b"), cache.size()]).toEqual([undefined, 2])
    cache.set("d", 4)
    cache.set("e", 5) // and again: c and a are dropped
    expect(["a", "c", "d", "e"].map((k) => cache.get(k))).toEqual([undefined, undefined, 4, 5])
  })

  it("refuses a limit under 2", () => {
    expect(() => makeRecentCache(1)).toThrow(RangeError)
    expect(() => makeRecentCache(2.5)).toThrow(RangeError)
  })
})
