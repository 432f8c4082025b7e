/**
 * A projection rebuilt from a 1,000,000-event SQLite file equals the one maintained live (issue #5). The
 * projection is the core's own read models (`makeReadModels`: the inbox and the due-work index);
 * live is its `follow` (subscribeAll) running while the emission is deposited, rebuilt is a fresh
 * `catchUp` (readAll in pages) over the finished file. Live decodes with the validating
 * `notificationCodec`, rebuilt with `storedNotificationCodec` (which trusts our own store's rows), so
 * the equality also shows that the trusted decode builds the very events the validating one does.
 */
import { createHash } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Fiber } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { EventStore, makeReadModels, notificationCodec, storedNotificationCodec } from "@buzon/core"
import type { EventStoreShape, ReadModels } from "@buzon/core"
import { openSqliteEventStore } from "../../packages/adapters/src/sqlite/SqliteEventStore.js"
import { emission, eventsOf, notificationsFor, rfcOf } from "../../bench/storesWorkload.js"

const dir = mkdtempSync(join(tmpdir(), "buzon-rebuild-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// The claim is about 1,000,000 events, and so is the test (`BUZON_REBUILD_EVENTS` scales it down to
// look at a failure; a multiple of 50,000). `npm run bench -- stores` times the rebuild alone.
const EVENTS = Number(process.env["BUZON_REBUILD_EVENTS"] ?? 1_000_000)
// Each phase's wall time and this process's CPU time: the box is shared, so the two differ a lot.
const phase = (() => {
  let last = performance.now(), lastCpu = process.cpuUsage()
  return (name: string) => {
    const now = performance.now(), cpu = process.cpuUsage(lastCpu)
    console.info(`[rebuild] ${name}: ${Math.round(now - last)} ms (CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms)`)
    last = now
    lastCpu = process.cpuUsage()
  }
})()
const BATCH = 10_000 // notifications per appendBatch (one transaction)

const RFCS = [...new Set(Array.from({ length: 10_000 }, (_, i) => rfcOf(i)))]

/** Every inbox (by RFC, in the projection's order) and the due-work index, as one digest. */
const digest = (models: ReadModels) => {
  const hash = createHash("sha256")
  for (const rfc of RFCS) hash.update(JSON.stringify(models.inbox.inbox(rfc)))
  hash.update(JSON.stringify(models.due.snapshot()))
  return hash.digest("hex")
}

/**
 * Deposits the emission while the live models follow the store, and answers what the comparison
 * needs of them: the models themselves go out of scope here, so the rebuild does not share the heap
 * (and its garbage collector) with a second million-item index.
 */
const depositWhileFollowing = async (store: EventStoreShape, notifications: number) => {
  const live = makeReadModels(notificationCodec)
  const follower = Effect.runFork(Effect.provideService(live.follow, EventStore, store))
  let lastPosition = 0
  for (let from = 0; from < notifications; from += BATCH) {
    const results = await Effect.runPromise(store.appendBatch(emission(from, BATCH, { chained: false })))
    lastPosition = results[results.length - 1]!.lastPosition
  }
  phase("deposited")
  while (live.position() < lastPosition) await new Promise((resolve) => setTimeout(resolve, 20))
  await Effect.runPromise(Fiber.interrupt(follower))
  phase("live caught up")
  return { lastPosition, position: live.position(), n4: live.inbox.item("n4"), digest: digest(live) }
}

describe(`rebuilding the read models from a ${EVENTS.toLocaleString("en")}-event SQLite file`, () => {
  it("gives the same inboxes and due work as the models maintained live", async () => {
    const handle = Effect.runSync(openSqliteEventStore({ path: join(dir, "emission.db") }))
    const notifications = notificationsFor(EVENTS)
    const live = await depositWhileFollowing(handle.store, notifications)
    expect(live.lastPosition).toBe(eventsOf(0, notifications)) // a fresh file: positions 1..EVENTS
    phase("live digest")

    const rebuilt = makeReadModels(storedNotificationCodec)
    await Effect.runPromise(Effect.provideService(rebuilt.catchUp, EventStore, handle.store))
    handle.close()
    phase("rebuilt")

    expect(rebuilt.position()).toBe(EVENTS)
    expect(rebuilt.position()).toBe(live.position)
    expect(RFCS.length).toBe(10_000)
    expect(rebuilt.inbox.inbox(RFCS[0]!).length).toBe(Math.ceil(notifications / 10_000))
    expect(rebuilt.inbox.item("n4")).toEqual(live.n4)
    expect(rebuilt.inbox.item("n4")).toEqual({
      notificationId: "n4", rfc: RFCS[4], actType: "oficio", reference: "Oficio 4/2026 — Subdelegación Ñuñoa",
      contentSha256: "4".repeat(64), depositedAt: Date.UTC(2026, 2, 2, 15, 0) + 4 * 37, status: "avisado",
      avisoAt: Date.UTC(2026, 2, 2, 15, 0) + 4 * 37 + 1_800_000, openUntil: "2026-03-05",
      deemableAt: Date.UTC(2026, 2, 2, 15, 0) + 3 * 86_400_000 + 30 * 60_000, plazos: [],
      calendarVersion: "cff-2026.1", ruleSetVersion: "2026.1",
    })
    expect(rebuilt.due.avisos.size()).toBe(notifications - notifications / 4)
    expect(digest(rebuilt)).toBe(live.digest)
    phase("compared")
  }, 30_000 + EVENTS * 0.21) // ms: a generous bound for the loaded 2-core CI box (4 minutes at 1 M)
})
