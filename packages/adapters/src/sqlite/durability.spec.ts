/**
 * What "durable before acknowledged" means for a reader, shown with the disk's fsync held open: under
 * `durability: "grouped"` an append committed but not yet synced is answered to nobody and read by
 * nobody in this process (a read model, a subscriber or the scheduler must not act on an event a power
 * loss could still take back); once the fsync finishes, the append is answered and read. Under the
 * default `"full"` the COMMIT syncs itself: no thread-pool fsync is ever asked for, and an answered
 * append is read at once.
 *
 * The fsync is the one piece of the OS replaced here (`node:fs`'s `fsync` held until released), since
 * a slow disk cannot be made on demand.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import Database from "better-sqlite3"
import { Effect, Fiber, Stream } from "effect"
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { openSqliteEventStore } from "./SqliteEventStore.js"

/** The fsyncs asked for while `hold` is on, each released by calling it. */
const disk = vi.hoisted(() => ({ hold: false, asked: 0, held: [] as Array<() => void> }))
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>()
  const fsync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
    disk.asked += 1
    if (disk.hold) disk.held.push(() => fs.fsync(fd, done))
    else fs.fsync(fd, done)
  }
  return { ...fs, fsync, default: { ...fs, fsync } }
})

const dir = mkdtempSync(join(tmpdir(), "buzon-durability-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshPath = () => join(dir, `store-${++files}.db`)
beforeEach(() => Object.assign(disk, { hold: false, asked: 0, held: [] }))
afterEach(() => disk.held.splice(0).forEach((release) => release()))

/** Lets the event loop turn until `done` holds (the group commit's turn, the thread pool's answer). */
const settle = async (done: () => boolean) => {
  for (let turn = 0; turn < 200 && !done(); turn++) await new Promise((resolve) => setTimeout(resolve, 2))
}

const opened = { type: "MailboxOpened", data: { rfc: "EKU9003173C9" }, metadata: {} }
const contact = { type: "ContactAdded", data: { kind: "email" }, metadata: {} }

describe("durability: \"grouped\", with the WAL fsync held open", () => {
  it("answers nobody and shows the append to no reader of this process until the fsync finishes", async () => {
    const path = freshPath()
    const handle = Effect.runSync(openSqliteEventStore({ path, durability: "grouped", pollIntervalMs: 5 }))
    const { store } = handle
    await Effect.runPromise(store.append("mailbox-EKU9003173C9", 0, [opened])) // durable: fsync not held
    const subscriber = Effect.runFork(Stream.runCollect(Stream.take(store.subscribeAll({ after: 0 }), 2)))

    disk.hold = true
    let answered = false
    const pending = Effect.runPromise(store.append("mailbox-EKU9003173C9", 1, [contact])).then((result) => ((answered = true), result))
    await settle(() => disk.held.length > 0)
    expect(disk.held).toHaveLength(1) // committed, its fsync asked for and held

    // Another connection to the file sees the COMMIT (SQLite offers no other bound; one writer process per file)...
    const other = new Database(path, { readonly: true })
    expect(other.prepare("SELECT count(*) FROM events").pluck().get()).toBe(2)
    other.close()
    // ...but this process neither answers the writer nor reads the event before it is durable.
    await settle(() => false)
    expect(answered).toBe(false)
    expect(Effect.runSync(store.readStream("mailbox-EKU9003173C9")).map((e) => e.type)).toEqual(["MailboxOpened"])
    expect(Effect.runSync(store.readAll({ after: 0 })).map((e) => e.type)).toEqual(["MailboxOpened"])
    expect(subscriber.pollUnsafe()).toBeUndefined() // the subscriber has the first event only, and waits

    disk.held.splice(0).forEach((release) => release())
    expect(await pending).toEqual({ streamName: "mailbox-EKU9003173C9", nextExpectedVersion: 2, lastPosition: 2 })
    expect(Effect.runSync(store.readStream("mailbox-EKU9003173C9")).map((e) => e.type)).toEqual(["MailboxOpened", "ContactAdded"])
    expect(Effect.runSync(store.readAll({ after: 0 })).map((e) => e.position)).toEqual([1, 2])
    const seen = await Effect.runPromise(Fiber.join(subscriber))
    expect(Array.from(seen, (e) => e.position)).toEqual([1, 2])
    handle.close()
  })

  it("runs at most two fsyncs at once; groups committed while both run share the next one", async () => {
    const handle = Effect.runSync(openSqliteEventStore({ path: freshPath(), durability: "grouped" }))
    const { store } = handle
    disk.hold = true
    const first = Effect.runPromise(store.append("mailbox-A", 0, [opened]))
    await settle(() => disk.held.length === 1)
    // committed while the first fsync runs: it starts its own at once, in the second lane
    const second = Effect.runPromise(store.append("mailbox-B", 0, [opened]))
    await settle(() => disk.held.length === 2)
    // committed while both lanes are busy: they wait, then share one fsync begun after their commit
    const later = [Effect.runPromise(store.append("mailbox-C", 0, [opened])), Effect.runPromise(store.append("mailbox-D", 0, [opened]))]
    await settle(() => false)
    expect(disk.held).toHaveLength(2)
    disk.hold = false
    disk.held.splice(0).forEach((release) => release())
    expect([(await first).lastPosition, (await second).lastPosition]).toEqual([1, 2])
    expect((await Promise.all(later)).map((r) => r.lastPosition)).toEqual([3, 4])
    expect(disk.asked).toBe(3)
    handle.close()
  })
})

describe("durability: \"full\" (the default)", () => {
  it("syncs in the COMMIT: no thread-pool fsync is asked for, and an answered append is read at once", async () => {
    const handle = Effect.runSync(openSqliteEventStore({ path: freshPath() }))
    const { store } = handle
    disk.hold = true
    const result = await Effect.runPromise(store.append("mailbox-EKU9003173C9", 0, [opened, contact]))
    expect(result.lastPosition).toBe(2)
    expect(Effect.runSync(store.readAll({ after: 0 })).map((e) => e.type)).toEqual(["MailboxOpened", "ContactAdded"])
    await Effect.runPromise(handle.saveCheckpoint("inbox", 2))
    expect(disk.asked).toBe(0)
    handle.close()
  })

})
