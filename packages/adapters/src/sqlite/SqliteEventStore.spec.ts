import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import Database from "better-sqlite3"
import { Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import { afterAll, describe, expect, it } from "vitest"
import { EventStore, EventStoreUnavailable } from "@buzon/core"
import { eventStoreContract } from "@buzon/core/testing"
import { openSqliteEventStore, SqliteEventStore } from "./SqliteEventStore.js"

const dir = mkdtempSync(join(tmpdir(), "buzon-sqlite-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshPath = () => join(dir, `store-${++files}.db`)
const open = (path: string) => Effect.runSync(openSqliteEventStore({ path, pollIntervalMs: 10 }))

eventStoreContract("SQLite (a file on disk)", async () => {
  const handle = open(freshPath())
  return { store: handle.store, close: async () => handle.close() }
})

const opened = { type: "MailboxOpened", data: { rfc: "EKU9003173C9" }, metadata: {} }

describe("SqliteEventStore", () => {
  it("keeps events across close and reopen, with positions and recordedAt", async () => {
    const path = freshPath()
    const first = open(path)
    const result = await Effect.runPromise(first.store.append("mailbox-EKU9003173C9", 0, [opened]))
    first.close()
    const second = open(path)
    expect(await Effect.runPromise(second.store.readAll({ after: 0 }))).toEqual([
      { streamName: "mailbox-EKU9003173C9", version: 1, position: result.lastPosition, recordedAt: expect.any(Number), ...opened },
    ])
    second.close()
  })

  it("saves and loads projection checkpoints (0 when none was saved)", async () => {
    const handle = open(freshPath())
    expect(await Effect.runPromise(handle.loadCheckpoint("inbox"))).toBe(0)
    await Effect.runPromise(handle.saveCheckpoint("inbox", 41))
    await Effect.runPromise(handle.saveCheckpoint("inbox", 42))
    await Effect.runPromise(handle.saveCheckpoint("audit", 7))
    expect([await Effect.runPromise(handle.loadCheckpoint("inbox")), await Effect.runPromise(handle.loadCheckpoint("audit"))]).toEqual([42, 7])
    handle.close()
  })

  it("answers EventStoreUnavailable in words once closed", async () => {
    const handle = open(freshPath())
    handle.close()
    const store = `SQLite ${join(dir, `store-${files}.db`)}`
    expect(await Effect.runPromise(Effect.flip(handle.store.append("mailbox-X", 0, [opened])))).toEqual(
      new EventStoreUnavailable({ store, cause: "the store was closed" }),
    )
    expect(await Effect.runPromise(Effect.flip(handle.store.readStream("mailbox-X")))).toEqual(
      new EventStoreUnavailable({ store, cause: "the store was closed" }),
    )
  })

  it("answers EventStoreUnavailable in words when the folder does not exist", async () => {
    const path = join(dir, "missing-folder", "x.db")
    expect(await Effect.runPromise(Effect.flip(openSqliteEventStore({ path })))).toEqual(
      new EventStoreUnavailable({ store: `SQLite ${path}`, cause: "the folder meant to hold the database file does not exist" }),
    )
  })

  it("answers EventStoreUnavailable in words when another writer holds the lock past the busy timeout", async () => {
    const path = freshPath()
    open(path).close()
    const other = new Database(path)
    other.exec("BEGIN IMMEDIATE") // another process's write transaction, never finished
    const handle = Effect.runSync(openSqliteEventStore({ path, busyTimeoutMs: 50 }))
    expect(await Effect.runPromise(Effect.flip(handle.store.append("mailbox-X", 0, [opened])))).toEqual(
      new EventStoreUnavailable({
        store: `SQLite ${path}`,
        cause: "the database file is locked by another writer and stayed locked past the busy timeout (database is locked)",
      }),
    )
    other.exec("ROLLBACK")
    other.close()
    expect((await Effect.runPromise(handle.store.append("mailbox-X", 0, [opened]))).nextExpectedVersion).toBe(1)
    handle.close()
  })

  it("stamps recordedAt from the Effect clock", async () => {
    const handle = open(freshPath())
    const program = Effect.gen(function* () {
      yield* TestClock.setTime(1_767_225_600_000) // 2026-01-01T00:00:00Z
      yield* handle.store.append("mailbox-EKU9003173C9", 0, [opened])
      return yield* handle.store.readStream("mailbox-EKU9003173C9")
    })
    expect(await Effect.runPromise(Effect.provide(program, TestClock.layer()))).toEqual([
      { streamName: "mailbox-EKU9003173C9", version: 1, position: 1, recordedAt: 1_767_225_600_000, ...opened },
    ])
    handle.close()
  })

  it("wakes a subscriber on another connection's appends (the poll)", async () => {
    const path = freshPath()
    const reader = open(path), writer = open(path)
    const fiber = Effect.runFork(Stream.runCollect(Stream.take(reader.store.subscribeAll({ after: 0 }), 2)))
    await Effect.runPromise(writer.store.append("mailbox-A", 0, [opened]))
    await new Promise((resolve) => setTimeout(resolve, 30))
    await Effect.runPromise(writer.store.append("notification-N1", 0, [opened]))
    const seen = await Effect.runPromise(Fiber.join(fiber))
    expect(seen.map((e) => [e.streamName, e.version, e.position])).toEqual([["mailbox-A", 1, 1], ["notification-N1", 1, 2]])
    reader.close()
    writer.close()
  })

  it("provides EventStore through SqliteEventStore.layer and closes the file with the scope", async () => {
    const path = freshPath()
    const program = Effect.gen(function* () {
      const store = yield* EventStore
      yield* store.append("mailbox-EKU9003173C9", "any", [opened])
      return (yield* store.readStream("mailbox-EKU9003173C9")).map((e) => e.version)
    })
    expect(await Effect.runPromise(Effect.provide(program, SqliteEventStore.layer({ path })))).toEqual([1])
    expect(await Effect.runPromise(Effect.provide(program, SqliteEventStore.layer({ path })))).toEqual([1, 2])
  })
})
