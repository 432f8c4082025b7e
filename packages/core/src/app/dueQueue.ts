/**
 * The due queue: pending work keyed by id and ordered by the instant it falls due, so that a sweep
 * over a million pending notifications costs the work that is due, not a scan of all of them
 * (DOMAIN §10: a mass campaign deposits ~1 M acts; the goal is a 1 M sweep in ≤ 5 s).
 *
 * A binary min-heap with lazy deletion: `set` pushes a new entry and remembers the key's current
 * instant; an entry whose instant no longer matches is skipped when it reaches the top. This is the
 * one mutable structure of the core, owned by a projection, for the sweep's speed; it never leaves it.
 *
 * @since 0.1.0
 */

/** One pending item: its key and the instant (UTC epoch ms) it falls due. @since 0.1.0 */
export interface DueEntry {
  readonly key: string
  readonly dueAt: number
}

/** The queue's operations. @since 0.1.0 */
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

const before = (a: DueEntry, b: DueEntry): boolean => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.key < b.key)

/**
 * A new, empty due queue.
 * @example const q = makeDueQueue(); q.set("n1", 20); q.set("n2", 10); q.due(15) // => [{ key: "n2", dueAt: 10 }]
 * @since 0.1.0
 */
export const makeDueQueue = (): DueQueue => {
  const current = new Map<string, number>()
  let heap: Array<DueEntry> = []
  const live = (entry: DueEntry): boolean => current.get(entry.key) === entry.dueAt
  const up = (i: number): void => {
    const entry = heap[i]!
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(entry, heap[parent]!)) break
      heap[i] = heap[parent]!
      i = parent
    }
    heap[i] = entry
  }
  const down = (from: number, h: Array<DueEntry>): void => {
    const entry = h[from]!
    let i = from
    for (;;) {
      const left = 2 * i + 1
      if (left >= h.length) break
      const right = left + 1
      const child = right < h.length && before(h[right]!, h[left]!) ? right : left
      if (!before(h[child]!, entry)) break
      h[i] = h[child]!
      i = child
    }
    h[i] = entry
  }
  const pop = (h: Array<DueEntry>): DueEntry | undefined => {
    const top = h[0]
    const last = h.pop()
    if (h.length > 0 && last !== undefined) {
      h[0] = last
      down(0, h)
    }
    return top
  }
  const dropStale = (): void => {
    while (heap.length > 0 && !live(heap[0]!)) pop(heap)
    // Lazy deletion must not let dead entries outnumber live ones for long: compact when they do.
    if (heap.length > 1024 && heap.length > 2 * current.size) {
      heap = heap.filter(live)
      for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i, heap)
    }
  }
  return {
    set: (key, dueAt) => {
      if (current.get(key) === dueAt) return
      current.set(key, dueAt)
      heap.push({ key, dueAt })
      up(heap.length - 1)
    },
    delete: (key) => {
      current.delete(key)
      dropStale()
    },
    get: (key) => current.get(key),
    due: (now, limit = Number.POSITIVE_INFINITY) => {
      dropStale()
      // Walk the heap's top region breadth-first through a small frontier heap: O(k log k) for k due.
      const found: Array<DueEntry> = []
      const seen = new Set<string>() // a key set back to an earlier instant may sit in the heap twice
      const frontier: Array<DueEntry & { readonly at: number }> = []
      const push = (at: number): void => {
        const entry = heap[at]
        if (entry === undefined || entry.dueAt > now) return
        frontier.push({ ...entry, at })
        let i = frontier.length - 1
        const item = frontier[i]!
        while (i > 0 && before(item, frontier[(i - 1) >> 1]!)) {
          frontier[i] = frontier[(i - 1) >> 1]!
          i = (i - 1) >> 1
        }
        frontier[i] = item
      }
      push(0)
      while (frontier.length > 0 && found.length < limit) {
        const top = pop(frontier) as DueEntry & { readonly at: number }
        if (live(top) && !seen.has(top.key)) {
          seen.add(top.key)
          found.push({ key: top.key, dueAt: top.dueAt })
        }
        push(2 * top.at + 1)
        push(2 * top.at + 2)
      }
      return found
    },
    next: () => {
      dropStale()
      return heap[0]?.dueAt
    },
    size: () => current.size,
    entries: () => [...current].map(([key, dueAt]) => ({ key, dueAt })).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)),
  }
}
