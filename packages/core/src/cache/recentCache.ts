/**
 * A bounded cache of recently used entries, for the caches on the command and login paths (folded
 * streams, sorted inboxes, parsed certificates). Two generations of plain Maps: an entry set or hit
 * goes into the young one; when the young one holds half the limit, the old one is dropped whole
 * and the young one becomes the old one. So it never holds more than `limit` entries, and an entry
 * stays while fewer than `Math.floor(limit / 2)` other keys have been set or hit since its own last use.
 *
 * Why not one Map evicting its first key (the usual least-recently-used Map): V8 leaves a deleted
 * Map entry as a hole that `keys().next()` walks over until the table is rebuilt, and a full cache
 * evicts from the front on every insertion, so the holes pile up there. In a micro-benchmark on the
 * development machine (2026-11-30), a lookup that missed and the insertion after it, past 20,000
 * entries, took 15–17 µs that way against about 2 µs here. In the whole shell, a deposit costs
 * 45–100 µs; the difference there stayed inside the machine's noise.
 *
 * @since 0.2.0
 */

/**
 * A bounded key-value cache (its values are never `undefined`: `get` answers that for an absent key).
 * @since 0.2.0
 */
export interface RecentCache<K, V extends {} | null> {
  /** The value of `key`, or `undefined` when absent (never set, deleted, or dropped). A hit counts as a use. */
  readonly get: (key: K) => V | undefined
  /** Sets `key` to `value` (a use). */
  readonly set: (key: K, value: V) => void
  /** Forgets `key`. */
  readonly delete: (key: K) => void
  /** How many entries it holds now (at most the limit). */
  readonly size: () => number
}

/**
 * Makes a cache holding at most `limit` entries (at least 2).
 * @example const cache = makeRecentCache<string, number>(20_000); cache.set("a", 1); cache.get("a") // => 1
 * @since 0.2.0
 */
export const makeRecentCache = <K, V extends {} | null>(limit: number): RecentCache<K, V> => {
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`A recent cache holds at least 2 entries, not ${limit}`)
  const half = Math.floor(limit / 2)
  let young = new Map<K, V>()
  let old = new Map<K, V>()
  const put = (key: K, value: V): void => {
    young.set(key, value)
    if (young.size >= half) {
      old = young
      young = new Map()
    }
  }
  return {
    get: (key) => {
      const value = young.get(key)
      if (value !== undefined) return value
      const kept = old.get(key) // values are never undefined: undefined is absent
      if (kept === undefined) return undefined
      old.delete(key) // a hole in the old Map only, which is dropped whole before long
      put(key, kept)
      return kept
    },
    set: (key, value) => {
      old.delete(key)
      put(key, value)
    },
    delete: (key) => {
      young.delete(key)
      old.delete(key)
    },
    size: () => young.size + old.size,
  }
}
