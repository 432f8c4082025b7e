/**
 * A projection rebuilt from a 1,000,000-event SQLite file equals the one maintained live (see EVENTS). The
 * projection is the core's own read models (`makeReadModels`: the inbox and the due-work index);
 * live is its `follow` (subscribeAll) running while the emission is deposited, rebuilt is a fresh
 * `catchUp` (readAll in pages) over the finished file.
 */
import { createHash } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Fiber } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { EventStore, makeReadModels, notificationCodec } from "@buzon/core"
import type { ReadModels } from "@buzon/core"
import { openSqliteEventStore } from "../../packages/adapters/src/sqlite/SqliteEventStore.js"
import { emission, eventsOf, notificationsFor, rfcOf } from "../../bench/storesWorkload.js"

const dir = mkdtempSync(join(tmpdir(), "buzon-rebuild-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// The claim is about 1,000,000 events: `BUZON_REBUILD_EVENTS=1000000` runs it (about 3 minutes on the
// loaded 2-core CI box, where folding costs ~50 µs of CPU per event, twice). By default it runs on
// 250,000 events so `npm test` stays near a minute; `npm run bench -- stores` times the 1 M rebuild.
const EVENTS = Number(process.env["BUZON_REBUILD_EVENTS"] ?? 250_000) // a multiple of 50,000
const phase = (() => {
  let last = performance.now()
  return (name: string) => {
    const now = performance.now()
    console.info(`[rebuild] ${name}: ${Math.round(now - last)} ms`)
    last = now
  }
})()
const BATCH = 10_000 // notifications per appendBatch (one transaction)

/** Every inbox (by RFC, in the projection's order) and the due-work index, as one digest. */
const digest = (models: ReadModels, rfcs: ReadonlyArray<string>) => {
  const hash = createHash("sha256")
  for (const rfc of rfcs) hash.update(JSON.stringify(models.inbox.inbox(rfc)))
  hash.update(JSON.stringify(models.due.snapshot()))
  return hash.digest("hex")
}

describe(`rebuilding the read models from a ${EVENTS.toLocaleString("en")}-event SQLite file`, () => {
  it("gives the same inboxes and due work as the models maintained live", async () => {
    const handle = Effect.runSync(openSqliteEventStore({ path: join(dir, "emission.db") }))
    const provide = <A, E>(effect: Effect.Effect<A, E, EventStore>) => Effect.provideService(effect, EventStore, handle.store)
    const live = makeReadModels(notificationCodec)
    const follower = Effect.runFork(provide(live.follow))
    const notifications = notificationsFor(EVENTS)
    let lastPosition = 0
    for (let from = 0; from < notifications; from += BATCH) {
      const results = await Effect.runPromise(handle.store.appendBatch(emission(from, BATCH, { chained: false })))
      lastPosition = results[results.length - 1]!.lastPosition
    }
    phase("deposited")
    expect(lastPosition).toBe(eventsOf(0, notifications)) // a fresh file: positions 1..EVENTS
    while (live.position() < lastPosition) await new Promise((resolve) => setTimeout(resolve, 20))
    await Effect.runPromise(Fiber.interrupt(follower))
    phase("live caught up")

    const rebuilt = makeReadModels(notificationCodec)
    await Effect.runPromise(provide(rebuilt.catchUp))
    handle.close()
    phase("rebuilt")

    expect(rebuilt.position()).toBe(EVENTS)
    expect(rebuilt.position()).toBe(lastPosition)
    const rfcs = [...new Set(Array.from({ length: 10_000 }, (_, i) => rfcOf(i)))]
    expect(rfcs.length).toBe(10_000)
    expect(rebuilt.inbox.inbox(rfcs[0]!).length).toBe(Math.ceil(notifications / 10_000))
    expect(rebuilt.inbox.item("n4")).toEqual(live.inbox.item("n4"))
    expect(rebuilt.inbox.item("n4")).toEqual({
      notificationId: "n4", rfc: rfcs[4], actType: "oficio", reference: "Oficio 4/2026 — Subdelegación Ñuñoa",
      contentSha256: "4".repeat(64), depositedAt: Date.UTC(2026, 2, 2, 15, 0) + 4 * 37, status: "avisado",
      avisoAt: Date.UTC(2026, 2, 2, 15, 0) + 4 * 37 + 1_800_000, openUntil: "2026-03-05",
      deemableAt: Date.UTC(2026, 2, 2, 15, 0) + 3 * 86_400_000 + 30 * 60_000, plazos: [],
      calendarVersion: "cff-2026.1", ruleSetVersion: "2026.1",
    })
    expect(rebuilt.due.snapshot().avisos.length).toBe(notifications - notifications / 4)
    expect(digest(rebuilt, rfcs)).toBe(digest(live, rfcs))
    phase("compared")
  }, 60_000 + EVENTS * 0.9) // ms: a generous bound for the loaded CI box
})
