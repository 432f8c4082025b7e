import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import Database from "better-sqlite3"
import { Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import { afterAll, describe, expect, it } from "vitest"
import { EventStore, EventStoreUnavailable, StreamVersionConflict } from "@buzon/core"
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

eventStoreContract("SQLite (a file on disk, durability: \"grouped\")", async () => {
  const handle = Effect.runSync(openSqliteEventStore({ path: freshPath(), pollIntervalMs: 10, durability: "grouped" }))
  return { store: handle.store, close: async () => handle.close() }
})

eventStoreContract("SQLite (a file on disk, writer: \"thread\")", async () => {
  const handle = Effect.runSync(openSqliteEventStore({ path: freshPath(), pollIntervalMs: 10, writer: "thread" }))
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

  it("commits appends submitted together in one transaction, a conflict failing only its own append", async () => {
    const path = freshPath()
    const handle = open(path)
    const outcomes = await Effect.runPromise(
      Effect.all(
        [
          handle.store.append("mailbox-A", 0, [opened]),
          handle.store.append("mailbox-A", 0, [opened]), // loses: the first append of the group moved mailbox-A to 1
          Effect.map(handle.store.appendBatch([{ streamName: "mailbox-B", expectedVersion: 0, events: [opened] }, { streamName: "mailbox-C", expectedVersion: 0, events: [opened] }]), (r) => r[1]!),
        ].map((append) => Effect.result(append)),
        { concurrency: "unbounded" },
      ),
    )
    expect(outcomes.map((o) => (o._tag === "Success" ? o.success : o.failure))).toEqual([
      { streamName: "mailbox-A", nextExpectedVersion: 1, lastPosition: 1 },
      new StreamVersionConflict({ streamName: "mailbox-A", expectedVersion: 0, actualVersion: 1 }),
      { streamName: "mailbox-C", nextExpectedVersion: 1, lastPosition: 3 },
    ])
    const other = open(path) // answered after the COMMIT: another connection reads every acknowledged event
    expect((await Effect.runPromise(other.store.readAll({ after: 0 }))).map((e) => [e.streamName, e.version, e.position])).toEqual([
      ["mailbox-A", 1, 1], ["mailbox-B", 1, 2], ["mailbox-C", 1, 3],
    ])
    other.close()
    handle.close()
  })

  it("fails every append of a group when its transaction fails, writing none of them", async () => {
    const path = freshPath()
    open(path).close()
    const other = new Database(path)
    other.exec("BEGIN IMMEDIATE") // another process holds the write lock past the busy timeout
    const handle = Effect.runSync(openSqliteEventStore({ path, busyTimeoutMs: 50 }))
    const failures = await Effect.runPromise(
      Effect.all(["mailbox-A", "mailbox-B"].map((stream) => Effect.flip(handle.store.append(stream, 0, [opened]))), { concurrency: "unbounded" }),
    )
    other.exec("ROLLBACK")
    other.close()
    const locked = new EventStoreUnavailable({
      store: `SQLite ${path}`,
      cause: "the database file is locked by another writer and stayed locked past the busy timeout (database is locked)",
    })
    expect({ failures, written: await Effect.runPromise(handle.store.readAll({ after: 0 })) }).toEqual({ failures: [locked, locked], written: [] })
    handle.close()
  })

  it("reads another connection's appends at once, though it knows its head without a query", async () => {
    const path = freshPath()
    const reader = open(path), writer = open(path)
    const positions = () => Effect.runPromise(Effect.map(reader.store.readAll({ after: 0 }), (all) => all.map((e) => e.position)))
    const seen = [await positions()]
    await Effect.runPromise(writer.store.append("mailbox-A", 0, [opened]))
    seen.push(await positions())
    await Effect.runPromise(reader.store.append("mailbox-B", 0, [opened]))
    seen.push(await positions())
    expect(seen).toEqual([[], [1], [1, 2]])
    reader.close()
    writer.close()
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
