/**
 * SIGKILL a writer at seeded random moments, many times, and check after each kill that the SQLite
 * file opens, holds every acknowledged append, has no partial batch, gapless versions, and chains
 * that verify (the core's hash chain, `linkEvents`/`verifyChain`). The writers take turns at the same
 * file in the three ways a store writes: durability "full", durability "grouped", writer "thread".
 */
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { verifyChain } from "@buzon/core"
import type { RecordedEvent } from "@buzon/core"
import { openSqliteEventStore } from "../../packages/adapters/src/sqlite/SqliteEventStore.js"
import type { SqliteDurability } from "../../packages/adapters/src/sqlite/appends.js"

const builtAdapter = fileURLToPath(new URL("../../packages/adapters/dist/index.js", import.meta.url))
const builtCore = fileURLToPath(new URL("../../packages/core/dist/index.js", import.meta.url))
const child = fileURLToPath(new URL("./crashChild.mjs", import.meta.url))
const missingBuild = !existsSync(builtAdapter) || !existsSync(builtCore)
if (missingBuild) console.warn("[skip] crash test: run `npm run build` first (the child process runs the built adapter, packages/adapters/dist).")

/** mulberry32: a small seeded PRNG, so the kill moments are the same on every run. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

interface Ack {
  readonly ack: string
  readonly parts: ReadonlyArray<{ readonly streamName: string; readonly version: number; readonly hash: string }>
}

/** How the child writes: the store's durability on the event loop, or the writer thread (durability "full"). */
type Mode = SqliteDurability | "thread"
const modes: ReadonlyArray<Mode> = ["full", "grouped", "thread"]

/** Runs the child until it is ready, lets it append for `delayMs`, SIGKILLs it, and returns its acks. */
const runAndKill = (path: string, runIndex: number, delayMs: number, mode: Mode) =>
  new Promise<ReadonlyArray<Ack>>((resolve, reject) => {
    const proc = spawn(process.execPath, [child, path, String(runIndex), mode], { stdio: ["ignore", "pipe", "pipe"] })
    let out = "", err = ""
    proc.stdout.on("data", (chunk: Buffer) => {
      const before = out
      out += chunk.toString("utf8")
      if (!before.includes('{"ready":true}') && out.includes('{"ready":true}')) setTimeout(() => proc.kill("SIGKILL"), delayMs)
    })
    proc.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")))
    proc.on("error", reject)
    proc.on("exit", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`the child ended on its own: ${err}`))
      const lines = out.split("\n").filter((line) => line.startsWith('{"ack"'))
      // a line cut by the kill is not an acknowledgement
      resolve(lines.flatMap((line) => { try { return [JSON.parse(line) as Ack] } catch { return [] } }))
    })
  })

const dir = mkdtempSync(join(tmpdir(), "buzon-crash-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(missingBuild)("SQLite store under SIGKILL", () => {
  it("keeps every acknowledged append, whole batches, gapless versions and verified chains, kill after kill", async () => {
    const path = join(dir, "crash.db")
    const random = prng(20_261_130)
    const acked: Array<Ack> = []
    const ackedBy = new Map<Mode, number>(modes.map((mode) => [mode, 0]))
    const kills = 21
    for (let run = 0; run < kills; run++) {
      // the three modes write the same file, in turn: each must keep what it acknowledged
      const mode = modes[run % modes.length]!
      const acks = await runAndKill(path, run, 10 + Math.floor(random() * 140), mode)
      acked.push(...acks)
      ackedBy.set(mode, ackedBy.get(mode)! + acks.length)
      const handle = Effect.runSync(openSqliteEventStore({ path }))
      const all: ReadonlyArray<RecordedEvent> = Effect.runSync(handle.store.readAll({ after: 0 }))
      handle.close()
      // every acknowledged append is there, with the hash the writer computed
      const byVersion = new Map(all.map((e) => [`${e.streamName}@${e.version}`, e.metadata["hash"]]))
      const missing = acked.flatMap((a) => a.parts).filter((p) => byVersion.get(`${p.streamName}@${p.version}`) !== p.hash)
      expect(missing).toEqual([])
      // no partial batch: each batch id has all its events
      const sizes = new Map<string, { seen: number; size: number }>()
      for (const e of all) {
        const id = String(e.metadata["batchId"])
        const entry = sizes.get(id) ?? { seen: 0, size: Number(e.metadata["batchSize"]) }
        sizes.set(id, { ...entry, seen: entry.seen + 1 })
      }
      expect([...sizes].filter(([, s]) => s.seen !== s.size)).toEqual([])
      // gapless versions and chains that verify (verifyChain also names a version gap)
      expect(verifyChain(all)).toEqual({ ok: true, lastHash: expect.any(Object) })
      const positions = all.map((e) => e.position)
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true)
    }
    expect(acked.length).toBeGreaterThan(kills) // the kills landed while the writer was appending
    expect([...ackedBy].filter(([, n]) => n === 0)).toEqual([]) // every mode was killed while appending, not only while opening
  }, 90_000)
})
