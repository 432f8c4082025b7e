/**
 * Writers racing on one stream of one SQLite file: several connections in one process (interleaved
 * fibers), and several processes. The history stays gapless, conflicts are exactly the lost races,
 * and nothing is lost.
 */
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { StreamVersionConflict } from "@buzon/core"
import { openSqliteEventStore } from "../../packages/adapters/src/sqlite/SqliteEventStore.js"

const dir = mkdtempSync(join(tmpdir(), "buzon-race-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const stream = "mailbox-EKU9003173C9"
const added = (writer: number, i: number) => ({ type: "ContactAdded", data: { writer, i }, metadata: {} })
const connections = (path: string, n: number) => Array.from({ length: n }, () => Effect.runSync(openSqliteEventStore({ path })))

describe("SQLite: racing writers on one stream", () => {
  it("lets exactly one of four connections win each version, round after round", async () => {
    const handles = connections(join(dir, "rounds.db"), 4)
    for (let version = 0; version < 10; version++) {
      const outcomes = await Effect.runPromise(
        Effect.all(handles.map((h, w) => Effect.result(h.store.append(stream, version, [added(w, version)]))), { concurrency: "unbounded" }),
      )
      expect(outcomes.filter((o) => o._tag === "Success").length).toBe(1)
      expect(outcomes.flatMap((o) => (o._tag === "Failure" ? [o.failure] : []))).toEqual(
        Array.from({ length: 3 }, () => new StreamVersionConflict({ streamName: stream, expectedVersion: version, actualVersion: version + 1 })),
      )
    }
    const history = await Effect.runPromise(handles[0]!.store.readStream(stream))
    expect(history.map((e) => e.version)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
    for (const h of handles) h.close()
  })

  it("keeps every write of four retrying connections: gapless, each conflict a lost race", async () => {
    const handles = connections(join(dir, "retry.db"), 4)
    const conflicts: Array<StreamVersionConflict> = []
    const writer = (w: number) =>
      Effect.gen(function* () {
        const { store } = handles[w]!
        for (let i = 0; i < 25; i++) {
          for (;;) {
            const version = (yield* store.readStream(stream)).length
            yield* Effect.yieldNow // let the other writers in between the read and the append
            const outcome = yield* Effect.result(store.append(stream, version, [added(w, i)]))
            if (outcome._tag === "Success") break
            conflicts.push(outcome.failure as StreamVersionConflict)
          }
        }
      })
    await Effect.runPromise(Effect.all([0, 1, 2, 3].map(writer), { concurrency: "unbounded" }))
    const history = await Effect.runPromise(handles[0]!.store.readStream(stream))
    expect(history.map((e) => e.version)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(history.map((e) => e.data).sort(byWriterThenI)).toEqual(
      [0, 1, 2, 3].flatMap((w) => Array.from({ length: 25 }, (_, i) => ({ writer: w, i }))),
    )
    expect(conflicts.length).toBeGreaterThan(0)
    // a conflict is only ever a lost race: someone wrote past the version the loser read
    expect(conflicts.filter((c) => c._tag !== "StreamVersionConflict" || !(c.actualVersion > Number(c.expectedVersion)))).toEqual([])
    for (const h of handles) h.close()
  })
})

const byWriterThenI = (a: unknown, b: unknown) => {
  const x = a as { writer: number; i: number }, y = b as { writer: number; i: number }
  return x.writer - y.writer || x.i - y.i
}

const builtAdapter = fileURLToPath(new URL("../../packages/adapters/dist/index.js", import.meta.url))
const missingBuild = !existsSync(builtAdapter)
if (missingBuild) console.warn("[skip] multi-process race: run `npm run build` first (the racers run the built adapter).")

describe.skipIf(missingBuild)("SQLite: racing processes on one stream", () => {
  it("keeps every write of three processes: gapless, only lost races, no busy failures", async () => {
    const path = join(dir, "processes.db")
    Effect.runSync(openSqliteEventStore({ path })).close() // create the schema before the race
    const racer = fileURLToPath(new URL("./racerChild.mjs", import.meta.url))
    const runs = await Promise.all(
      [0, 1, 2].map((w) => promisify(execFile)(process.execPath, [racer, path, String(w), "30"])),
    )
    const summaries = runs.map((r) => JSON.parse(r.stdout) as { writer: number; conflicts: Array<{ expected: number; actual: number }>; failures: Array<string> })
    expect(summaries.map((s) => s.failures)).toEqual([[], [], []])
    expect(summaries.flatMap((s) => s.conflicts).filter((c) => !(c.actual > c.expected))).toEqual([])
    const handle = Effect.runSync(openSqliteEventStore({ path }))
    const history = Effect.runSync(handle.store.readStream(stream))
    handle.close()
    expect(history.map((e) => e.version)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1))
    expect(history.map((e) => e.data).sort(byWriterThenI)).toEqual(
      [0, 1, 2].flatMap((w) => Array.from({ length: 30 }, (_, i) => ({ writer: w, i }))),
    )
  }, 60_000)
})
