/**
 * The due queue: pending work keyed by id and ordered by the instant it falls due, so that a sweep
 * over a million pending notifications costs the work that is due, not a scan of all of them
 * (DOMAIN §10: a mass campaign deposits ~1 M acts; the goal is a 1 M sweep in ≤ 5 s).
 *
 * Buckets by instant: each distinct due instant holds its keys in insertion order, and a min-heap
 * of the distinct instants (numbers only, with lazy deletion) orders the buckets. Due instants
 * cluster (09:30 window openings, deemed instants), so a sweep walks few buckets and costs about
 * one step per due key. This is the one mutable structure of the core, owned by a projection, for
 * the sweep's speed; it never leaves it.
 *
 * @since 0.1.0
 */

/**
 * One pending item: its key and the instant (UTC epoch ms) it falls due.
 * @example const entry: DueEntry = { key: "n1", dueAt: Date.parse("2026-03-18T15:30:00Z") }
 * @since 0.1.0
 */
export interface DueEntry {
  readonly key: string
  readonly dueAt: number
}

/**
 * The queue's operations.
 * @example makeDueQueue().size() // => 0
 * @since 0.1.0
 */
export interface DueQueue {
  /** Schedules `key` at `dueAt`, replacing its previous instant. */
  readonly set: (key: string, dueAt: number) => void
  /** Forgets `key` (its work was done). */
  readonly delete: (key: string) => void
  /** The key's instant, if pending. */
  readonly get: (key: string) => number | undefined
  /** The pending entries due at or before `now`, earliest first (ties by key), without removing them. */
  readonly due: (now: number, limit?: number) => ReadonlyArray<DueEntry>
  /** The earliest pending instant, if any. */
  readonly next: () => number | undefined
  readonly size: () => number
  /** Every pending entry, earliest first: for tests and rebuild comparisons. */
  readonly entries: () => ReadonlyArray<DueEntry>
}

/**
 * A new, empty due queue. Order: earliest instant first; at one instant, the order keys were set.
 * @example const q = makeDueQueue(); q.set("n1", 20); q.set("n2", 10); q.due(15) // => [{ key: "n2", dueAt: 10 }]
 * @since 0.1.0
 */
export const makeDueQueue = (): DueQueue => {
  const current = new Map<string, number>()
  // A bucket with one key holds the key itself: due instants are often distinct (one per deposit at
  // a million deposits), and a Set per instant would be most of the queue's memory and GC work.
  const buckets = new Map<number, string | Set<string>>()
  let instants: Array<number> = [] // a min-heap; may hold instants whose bucket is gone (lazy deletion)
  const siftDown = (h: Array<number>, from: number): void => {
    const value = h[from]!
    let i = from
    for (;;) {
      const left = 2 * i + 1
      if (left >= h.length) break
      const right = left + 1
      const child = right < h.length && h[right]! < h[left]! ? right : left
      if (h[child]! >= value) break
      h[i] = h[child]!
      i = child
    }
    h[i] = value
  }
  const push = (h: Array<number>, value: number): void => {
    let i = h.length
    h.push(value)
    while (i > 0 && value < h[(i - 1) >> 1]!) {
      h[i] = h[(i - 1) >> 1]!
      i = (i - 1) >> 1
    }
    h[i] = value
  }
  const popTop = (h: Array<number>): number | undefined => {
    const top = h[0]
    const last = h.pop()
    if (h.length > 0 && last !== undefined) {
      h[0] = last
      siftDown(h, 0)
    }
    return top
  }
  const dropStale = (): void => {
    while (instants.length > 0 && !buckets.has(instants[0]!)) popTop(instants)
    if (instants.length > 1024 && instants.length > 2 * buckets.size) {
      instants = [...buckets.keys()]
      for (let i = (instants.length >> 1) - 1; i >= 0; i--) siftDown(instants, i)
    }
  }
  const remove = (key: string, dueAt: number): void => {
    const bucket = buckets.get(dueAt)
    if (bucket === undefined) return
    if (typeof bucket === "string") {
      if (bucket === key) buckets.delete(dueAt)
      return
    }
    bucket.delete(key)
    if (bucket.size === 0) buckets.delete(dueAt)
  }
  /** The distinct instants ≤ `until`, ascending, walking the heap's top through a small frontier heap. */
  const instantsUpTo = (until: number): Array<number> => {
    const out: Array<number> = []
    const visited = new Set<number>()
    const frontier: Array<number> = [] // heap indexes, ordered by their instants
    const byInstant = (a: number, b: number) => instants[a]! < instants[b]!
    const add = (at: number): void => {
      if (at >= instants.length || instants[at]! > until) return
      let i = frontier.length
      frontier.push(at)
      while (i > 0 && byInstant(at, frontier[(i - 1) >> 1]!)) {
        frontier[i] = frontier[(i - 1) >> 1]!
        i = (i - 1) >> 1
      }
      frontier[i] = at
    }
    add(0)
    while (frontier.length > 0) {
      const at = frontier[0]!
      const last = frontier.pop()!
      if (frontier.length > 0) {
        let i = 0
        for (;;) {
          const l = 2 * i + 1
          if (l >= frontier.length) break
          const c = l + 1 < frontier.length && byInstant(frontier[l + 1]!, frontier[l]!) ? l + 1 : l
          if (!byInstant(frontier[c]!, last)) break
          frontier[i] = frontier[c]!
          i = c
        }
        frontier[i] = last
      }
      const instant = instants[at]!
      if (!visited.has(instant) && buckets.has(instant)) (visited.add(instant), out.push(instant))
      add(2 * at + 1)
      add(2 * at + 2)
    }
    return out
  }
  const collect = (until: number, limit: number): Array<DueEntry> => {
    dropStale()
    const found: Array<DueEntry> = []
    // every instant (a snapshot): one native sort beats walking the heap
    const ordered = until === Number.POSITIVE_INFINITY ? Float64Array.from(buckets.keys()).sort() : instantsUpTo(until)
    for (const dueAt of ordered) {
      const bucket = buckets.get(dueAt)!
      for (const key of typeof bucket === "string" ? [bucket] : bucket) {
        if (found.length >= limit) return found
        found.push({ key, dueAt })
      }
    }
    return found
  }
  return {
    set: (key, dueAt) => {
      const previous = current.get(key)
      if (previous === dueAt) return
      if (previous !== undefined) remove(key, previous)
      current.set(key, dueAt)
      const bucket = buckets.get(dueAt)
      if (bucket === undefined) {
        buckets.set(dueAt, key)
        push(instants, dueAt)
      } else if (typeof bucket === "string") buckets.set(dueAt, new Set([bucket, key])) // keeps insertion order
      else bucket.add(key)
    },
    delete: (key) => {
      const previous = current.get(key)
      if (previous === undefined) return
      current.delete(key)
      remove(key, previous)
    },
    get: (key) => current.get(key),
    due: (now, limit = Number.POSITIVE_INFINITY) => collect(now, limit),
    next: () => {
      dropStale()
      return instants[0]
    },
    size: () => current.size,
    entries: () => collect(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY),
  }
}
