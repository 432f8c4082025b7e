/**
 * The SQLite store with `writer: "thread"`: the COMMIT runs in a writer thread with its own
 * connection (`writerThread.ts`, `writerThread.worker.js`). Real files in a temporary folder, real
 * threads and real child processes; nothing is mocked.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import Database from "better-sqlite3"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { EventStoreUnavailable, StreamVersionConflict } from "@buzon/core"
import type { AppendResult } from "@buzon/core"
import { openSqliteEventStore } from "./SqliteEventStore.js"
import type { SqliteEventStoreHandle } from "./SqliteEventStore.js"
import { describeSqliteFailure } from "./sqliteFailure.js"

const dir = mkdtempSync(join(tmpdir(), "buzon-writer-thread-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshPath = () => join(dir, `store-${++files}.db`)
const openThread = (path: string, options: { readonly busyTimeoutMs?: number } = {}) =>
  Effect.runSync(openSqliteEventStore({ path, writer: "thread", pollIntervalMs: 10, ...options }))

const opened = { type: "MailboxOpened", data: { rfc: "EKU9003173C9" }, metadata: {} }
const contact = (n: number) => ({ type: "ContactAdded", data: { n, razonSocial: "Ñandú S.A. de C.V." }, metadata: {} })

/** What another connection (another process, say) reads in the file: stream, version, position and type. */
const rowsInFile = (path: string) => {
  const other = new Database(path, { readonly: true })
  try {
    return other.prepare("SELECT stream, version, position, type FROM events ORDER BY position").all() as Array<{
      stream: string
      version: number
      position: number
      type: string
    }>
  } finally {
    other.close()
  }
}

/** Holds the file's write lock from another connection, as another process's unfinished write transaction would. */
const holdWriteLock = (path: string) => {
  const other = new Database(path)
  other.prepare("BEGIN IMMEDIATE").run()
  return () => {
    other.prepare("ROLLBACK").run()
    other.close()
  }
}

/** `promise`, or a failure naming `what` after `ms`: a hang fails the test in words instead of at vitest's timeout. */
const within = <A>(ms: number, what: string, promise: Promise<A>): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms)
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    )
  })

const ticks = () => new Promise<void>((resolve) => setTimeout(resolve, 1))

describe("writer: \"thread\", refused at open", () => {
  it("refuses durability \"grouped\" with EventStoreUnavailable saying the thread commits with \"full\"", async () => {
    const path = freshPath()
    const error = await Effect.runPromise(Effect.flip(openSqliteEventStore({ path, writer: "thread", durability: "grouped" })))
    expect(error).toBeInstanceOf(EventStoreUnavailable)
    expect(error).toMatchObject({ store: `SQLite ${path}`, cause: expect.stringContaining("\"full\"") })
    expect(existsSync(path)).toBe(false) // refused before the file was touched
  })

  it("refuses an in-memory database with EventStoreUnavailable", async () => {
    const error = await Effect.runPromise(Effect.flip(openSqliteEventStore({ path: ":memory:", writer: "thread" })))
    expect(error).toBeInstanceOf(EventStoreUnavailable)
    expect(error).toMatchObject({ store: "SQLite :memory:", cause: expect.stringContaining("database file") })
  })
})

describe("writer: \"thread\"", () => {
  it("answers 200 concurrent appends to 50 streams, gapless per stream, all in the file for another connection; a conflict fails only its own append", async () => {
    const path = freshPath()
    const handle = openThread(path)
    const { store } = handle
    await Effect.runPromise(store.append("mailbox-taken", 0, [opened])) // at version 1 before the burst

    const appends = Array.from({ length: 200 }, (_, i) => store.append(`mailbox-${i % 50}`, "any", [contact(i)]))
    const conflicting = [
      // expects the taken stream empty: fails alone
      store.append("mailbox-taken", 0, [{ type: "Conflicting", data: {}, metadata: {} }]),
      // a batch with one conflicting part: all or nothing, its other part is not written either
      Effect.map(
        store.appendBatch([
          { streamName: "mailbox-batch", expectedVersion: 0, events: [{ type: "Conflicting", data: {}, metadata: {} }] },
          { streamName: "mailbox-taken", expectedVersion: 0, events: [{ type: "Conflicting", data: {}, metadata: {} }] },
        ]),
        (results) => results[0]!,
      ),
    ]
    // the conflicting ones in the middle of the burst, sharing groups with the others
    const burst = [...appends.slice(0, 100), ...conflicting, ...appends.slice(100)].map((append) => Effect.result(append))
    const outcomes = await within(20_000, "the burst", Effect.runPromise(Effect.all(burst, { concurrency: "unbounded" })))

    const failures = outcomes.flatMap((o) => (o._tag === "Failure" ? [o.failure] : []))
    expect(failures).toEqual([
      new StreamVersionConflict({ streamName: "mailbox-taken", expectedVersion: 0, actualVersion: 1 }),
      new StreamVersionConflict({ streamName: "mailbox-taken", expectedVersion: 0, actualVersion: 1 }),
    ])
    const results = outcomes.flatMap((o): Array<AppendResult> => (o._tag === "Success" ? [o.success] : []))
    expect(results).toHaveLength(200)
    // every stream got versions 1..4, each once
    const versions = new Map<string, Array<number>>()
    for (const r of results) versions.set(r.streamName, [...(versions.get(r.streamName) ?? []), r.nextExpectedVersion])
    expect(versions.size).toBe(50)
    for (const [, vs] of versions) expect([...vs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4])

    // another connection reads every acknowledged append (answered after the thread's COMMIT), and nothing of the conflicting ones
    const rows = rowsInFile(path)
    expect(rows).toHaveLength(201)
    expect(rows.filter((r) => r.type === "Conflicting" || r.stream === "mailbox-batch")).toEqual([])
    expect(rows.filter((r) => r.stream === "mailbox-taken").map((r) => r.version)).toEqual([1])
    const byStream = new Map<string, Array<number>>()
    for (const r of rows) byStream.set(r.stream, [...(byStream.get(r.stream) ?? []), r.version])
    for (const [, vs] of byStream) expect(vs).toEqual(Array.from({ length: vs.length }, (_, i) => i + 1)) // in position order: gapless
    expect(new Set(results.map((r) => r.lastPosition))).toEqual(new Set(rows.filter((r) => r.stream !== "mailbox-taken").map((r) => r.position)))
    // and this process's own reads see them too
    expect(Effect.runSync(store.readAll({ after: 0 }))).toHaveLength(201)
    expect(Effect.runSync(store.readStream("mailbox-7")).map((e) => e.version)).toEqual([1, 2, 3, 4])
    handle.close()
  })

  it("answers EventStoreUnavailable in describeSqliteFailure's words when the thread's transaction fails (another writer holds the lock), then recovers", async () => {
    const path = freshPath()
    openThread(path).close() // creates the file and its schema
    const release = holdWriteLock(path)
    const handle = openThread(path, { busyTimeoutMs: 50 })
    let error: unknown
    try {
      error = await within(10_000, "the append under a held lock", Effect.runPromise(Effect.flip(handle.store.append("mailbox-X", 0, [opened]))))
    } finally {
      release()
    }
    expect(error).toEqual(
      new EventStoreUnavailable({
        store: `SQLite ${path}`,
        cause: describeSqliteFailure(new Database.SqliteError("database is locked", "SQLITE_BUSY")),
      }),
    )
    expect((error as EventStoreUnavailable).cause).toContain("locked by another writer")
    // nothing of the failed append was written; the thread goes on committing once the lock is free
    expect(await Effect.runPromise(handle.store.append("mailbox-X", 0, [opened]))).toEqual({ streamName: "mailbox-X", nextExpectedVersion: 1, lastPosition: 1 })
    expect(rowsInFile(path).map((r) => [r.stream, r.version])).toEqual([["mailbox-X", 1]])
    handle.close()
  })

  it("answers EventStoreUnavailable (\"the store was closed\") to an append after close, without hanging", async () => {
    const path = freshPath()
    const handle = openThread(path)
    await Effect.runPromise(handle.store.append("mailbox-X", 0, [opened]))
    handle.close()
    const outcome = await within(5_000, "an append after close", Effect.runPromise(Effect.flip(handle.store.append("mailbox-X", 1, [contact(1)]))))
    expect(outcome).toEqual(new EventStoreUnavailable({ store: `SQLite ${path}`, cause: "the store was closed" }))
    expect(rowsInFile(path)).toHaveLength(1)
  })

  it("answers EventStoreUnavailable in the driver's words when the thread cannot open its connection, and creates no file", async () => {
    const path = freshPath()
    const handle = openThread(path)
    // The thread opens the file a few milliseconds after the store did: gone by then, it must not make a new one.
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true })
    const outcome = await within(5_000, "an append whose thread could not open", Effect.runPromise(Effect.flip(handle.store.append("mailbox-X", 0, [opened]))))
    expect(outcome).toEqual(new EventStoreUnavailable({
      store: `SQLite ${path}`,
      cause: describeSqliteFailure(new Database.SqliteError("unable to open database file", "SQLITE_CANTOPEN")),
    }))
    handle.close()
    expect(existsSync(path)).toBe(false)
  })

  it("commits and answers a group already sent to the thread when close is called", async () => {
    const path = freshPath()
    openThread(path).close()
    const release = holdWriteLock(path) // keeps the group waiting in the thread
    const handle = openThread(path, { busyTimeoutMs: 20_000 })
    const pending = Effect.runPromise(Effect.result(handle.store.append("mailbox-X", 0, [opened])))
    await new Promise((resolve) => setTimeout(resolve, 100)) // the group commit's turn: the group is on its way to the thread
    handle.close()
    release()
    const outcome = await within(10_000, "the append sent before close", pending)
    expect(outcome).toMatchObject({ _tag: "Success", success: { streamName: "mailbox-X", nextExpectedVersion: 1, lastPosition: 1 } })
    expect(rowsInFile(path).map((r) => [r.stream, r.version])).toEqual([["mailbox-X", 1]])
  })

  it("keeps the event loop turning while the thread's transaction waits (a ticker ticks with a burst pending)", async () => {
    // A slow COMMIT made on demand: another connection holds the write lock, so the thread's
    // transaction waits in its busy handler (as it would on a slow fsync) until the lock is released.
    // The ticker must reach its count while every append of the burst is still unanswered: no timing
    // threshold, so a loaded machine only makes it slower, never red.
    const path = freshPath()
    openThread(path).close()
    const release = holdWriteLock(path)
    const handle = openThread(path, { busyTimeoutMs: 30_000 })
    let answered = 0
    const burst = Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        Effect.runPromise(handle.store.append(`mailbox-${i % 10}`, "any", [contact(i)])).then((r) => ((answered += 1), r)),
      ),
    )
    let ticked = 0
    const ticker = setInterval(() => (ticked += 1), 1)
    try {
      await within(20_000, "20 ticks of the ticker", (async () => {
        while (ticked < 20) await ticks()
      })())
      expect(answered).toBe(0) // the burst is still waiting in the thread, and the loop turned 20 times meanwhile
    } finally {
      release()
    }
    const tickedAtRelease = ticked
    const results = await within(20_000, "the burst after the lock was released", burst)
    clearInterval(ticker)
    expect(results).toHaveLength(50)
    expect(answered).toBe(50)
    expect(ticked).toBeGreaterThanOrEqual(tickedAtRelease)
    expect(rowsInFile(path)).toHaveLength(50)
    handle.close()
  })

  it("for contrast, writer \"event-loop\" holds the loop for the whole wait (what the thread spares)", async () => {
    // Shows the previous test can tell the two apart: on the event loop the same wait (here cut short
    // by a 200 ms busy timeout) leaves the ticker silent for at least that long. A lower bound only.
    const path = freshPath()
    openThread(path).close()
    const release = holdWriteLock(path)
    const handle = Effect.runSync(openSqliteEventStore({ path, busyTimeoutMs: 200 }))
    let last = performance.now()
    let longestGap = 0
    const ticker = setInterval(() => {
      const now = performance.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
    }, 1)
    try {
      const error = await Effect.runPromise(Effect.flip(handle.store.append("mailbox-X", 0, [opened])))
      await ticks() // the ticker's first tick after the wait measures it
      await ticks()
      expect(error).toBeInstanceOf(EventStoreUnavailable)
    } finally {
      clearInterval(ticker)
      release()
      handle.close()
    }
    expect(longestGap).toBeGreaterThanOrEqual(150)
  })
})

// The process's life: a child `node` running the BUILT adapter (the worker file is loaded by URL next to it).
const builtAdapter = fileURLToPath(new URL("../../dist/index.js", import.meta.url))
const missingBuild = !existsSync(builtAdapter)
if (missingBuild) console.warn("[skip] writer thread, process exit: run `npm run build` first (the child process runs the built adapter, packages/adapters/dist).")
const effectEntry = createRequire(import.meta.url).resolve("effect")

/**
 * Runs `body` in a child `node` with `Effect`, `openSqliteEventStore`, `path` and `say` (prints a JSON
 * line) in scope. `watchdog()` arms an unref'd timer: it never keeps the child alive, but if something
 * else does for 3 s it prints so and exits with code 3. Resolves with the exit code and the printed lines.
 */
const runChild = (name: string, path: string, body: string) => {
  const script = join(dir, `${name}.mjs`)
  writeFileSync(
    script,
    [
      `import { writeSync } from "node:fs"`,
      `import { Effect } from ${JSON.stringify(pathToFileURL(effectEntry).href)}`,
      `import { openSqliteEventStore } from ${JSON.stringify(pathToFileURL(builtAdapter).href)}`,
      `const path = ${JSON.stringify(path)}`,
      "const say = (line) => writeSync(1, `${JSON.stringify(line)}\\n`)",
      `const watchdog = () => setTimeout(() => { say({ keptAlive: process.getActiveResourcesInfo() }); process.exit(3) }, 3000).unref()`,
      body,
    ].join("\n"),
  )
  return new Promise<{ readonly code: number | null; readonly lines: ReadonlyArray<unknown>; readonly err: string }>((resolve, reject) => {
    const proc = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "pipe"] })
    let out = "", err = ""
    proc.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")))
    proc.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")))
    // a safety net only: the watchdog ends a child kept alive well before this
    const killer = setTimeout(() => proc.kill("SIGKILL"), 20_000)
    proc.on("error", reject)
    proc.on("exit", (code) => {
      clearTimeout(killer)
      resolve({ code, lines: out.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as unknown), err })
    })
  })
}

describe.skipIf(missingBuild)("writer: \"thread\", the process's life (a child process on the built adapter)", () => {
  it("keeps the process alive while an append is pending, and not once the store is idle (handle never closed)", async () => {
    const path = freshPath()
    // No await at the top level and no close: only the pending append can keep the child alive
    // until its answer is printed, and nothing may keep it alive after.
    const child = await runChild("pending-then-idle", path, [
      `const { store } = Effect.runSync(openSqliteEventStore({ path, writer: "thread" }))`,
      `Effect.runPromise(store.append("mailbox-EKU9003173C9", 0, [{ type: "MailboxOpened", data: {}, metadata: {} }]))`,
      `  .then((result) => { say({ result }); watchdog() })`,
    ].join("\n"))
    expect(child.err).toBe("")
    expect(child.lines).toEqual([{ result: { streamName: "mailbox-EKU9003173C9", nextExpectedVersion: 1, lastPosition: 1 } }])
    expect(child.code).toBe(0)
    expect(rowsInFile(path).map((r) => [r.stream, r.version])).toEqual([["mailbox-EKU9003173C9", 1]])
  })

  // Attaching a worker's first "message" listener refs it again: the unref() must come after the
  // listeners, or a store that never appended would keep its process alive forever.
  it("does not keep the process alive when opened and never written to (handle never closed)", async () => {
    const path = freshPath()
    const child = await runChild("never-written", path, [
      `Effect.runSync(openSqliteEventStore({ path, writer: "thread" }))`,
      `say({ opened: true })`,
      `watchdog()`,
    ].join("\n"))
    expect(child.err).toBe("")
    expect(child.lines).toEqual([{ opened: true }])
    expect(child.code).toBe(0)
  })
})
