/**
 * `npm run bench -- stores`: the SQLite store's figures, each against a baseline measured in the same
 * run. Prints one JSON line.
 *
 * 1. Command path vs raw: `DepositAct` commands through the core's `handleCommand` (read, decide,
 *    stamp and chain, append with the expected version) on a SQLite file, against raw better-sqlite3
 *    inserts of the very rows the command path wrote, at the same durability (WAL, synchronous=FULL,
 *    one transaction per append), alternating one command and one raw insert. Goal: command path ≥ 50% of raw,
 *    with the store's default durability ("full"); the "grouped" durability the example server uses is
 *    measured the same way and printed beside it.
 * 2. Bulk deposit: 1,000,000 notifications (one hash-chained `ActDeposited` each) via `appendBatch`,
 *    `BULK_BATCH` per transaction: wall time, and the store's share of it (the rest is building the
 *    events and their hash chain), peak RSS, file size. Goals: ≤ 60 s, RSS ≤ 1 GiB.
 * 3. Rebuild: the core's read models (`makeReadModels`) caught up from that file, events per second,
 *    decoding with `storedNotificationCodec` (the file is our store's own) as a shell rebuilding does.
 *
 * The box is shared, so the bulk deposit and the rebuild also print this process's CPU seconds.
 *
 * `BUZON_BENCH_COMMANDS` (default 2,000) and `BUZON_BENCH_NOTIFICATIONS` (default 1,000,000) scale it down.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import Database from "better-sqlite3"
import { Effect } from "effect"
import { DepositAct, EventStore, handleCommand, makeCalendar, makeReadModels, notificationAggregate, storedNotificationCodec } from "@buzon/core"
import type { EventStoreShape, RecordedEvent } from "@buzon/core"
import { openSqliteEventStore } from "@buzon/adapters"
import type { SqliteDurability } from "@buzon/adapters"
import { emission } from "./storesWorkload.js"

const COMMANDS = Number(process.env["BUZON_BENCH_COMMANDS"] ?? 2_000)
const NOTIFICATIONS = Number(process.env["BUZON_BENCH_NOTIFICATIONS"] ?? 1_000_000)
const dir = mkdtempSync(join(tmpdir(), "buzon-bench-stores-"))
const BULK_BATCH = 25_000 // notifications per transaction: 40 commits for a million
const seconds = (start: number) => (performance.now() - start) / 1000
const cpuSeconds = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1e6
}
const round2 = (x: number) => Math.round(x * 100) / 100
const run = <A, E>(store: EventStoreShape, effect: Effect.Effect<A, E, EventStore>) =>
  Effect.runPromise(Effect.provideService(effect, EventStore, store))

// --- 1. the command path against raw inserts of the same rows --------------------------------
const calendar = makeCalendar()
const deposit = (n: number) =>
  handleCommand(
    notificationAggregate,
    `notification-b${n}`,
    new DepositAct({
      notificationId: `b${n}`, idempotencyKey: `BENCH-${n}`, rfc: "EKU9003173C9", actType: "oficio",
      reference: `Oficio ${n}/2026`, contentSha256: "a".repeat(64), issuingUnit: "Subdelegación 09 Centro",
      mailbox: { active: true, verifiedContacts: [{ channel: "email", to: "avisos@example.mx" }] },
    }),
    { calendar, actor: { kind: "system", name: "bench" }, commandId: `bench-${n}` },
  )

/**
 * Runs `COMMANDS` deposits through the command path on a store opened with `durability`, alternating
 * each with raw inserts of the rows it wrote into a plain better-sqlite3 file (WAL, synchronous=FULL,
 * one transaction per row), so both meet the same disk and the same load. Its figures and the ratio.
 */
const commandPathAgainstRaw = async (durability: SqliteDurability) => {
  const commandStore = Effect.runSync(openSqliteEventStore({ path: join(dir, `command-${durability}.db`), durability }))
  const raw = new Database(join(dir, `raw-${durability}.db`))
  raw.pragma("journal_mode = WAL")
  raw.pragma("synchronous = FULL")
  // the same table as the adapter's schema version 1
  raw.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream, version)) STRICT`)
  const insert = raw.prepare("INSERT INTO events (stream, version, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")
  const insertOne = raw.transaction((e: RecordedEvent) =>
    insert.run(e.streamName, e.version, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt))
  let commandEvents = 0, commandSeconds = 0, rawEvents = 0, rawSeconds = 0
  await run(commandStore.store, deposit(-1)) // warm: first compile of every path
  for (let i = 0; i < COMMANDS; i++) {
    let start = performance.now()
    await run(commandStore.store, deposit(i))
    commandSeconds += seconds(start)
    const rows = await Effect.runPromise(commandStore.store.readStream(`notification-b${i}`))
    commandEvents += rows.length
    start = performance.now()
    for (const row of rows) insertOne(row)
    rawSeconds += seconds(start)
    rawEvents += rows.length
  }
  commandStore.close()
  raw.close()
  const commandRate = commandEvents / commandSeconds, rawRate = rawEvents / rawSeconds
  return {
    durability,
    commandPath: { commands: COMMANDS, events: commandEvents, eventsPerSecond: Math.round(commandRate) },
    rawInserts: { events: rawEvents, eventsPerSecond: Math.round(rawRate) },
    commandPathVsRaw: round2(commandRate / rawRate),
  }
}
// The default ("full": the COMMIT syncs), which the goal is about, and "grouped" (the example server's:
// one fsync off the event loop shared by concurrent appends), whose lone append pays the thread pool's wake-up.
const full = await commandPathAgainstRaw("full")
const grouped = await commandPathAgainstRaw("grouped")

// --- 2. bulk deposit ----------------------------------------------------------------------------
const bulkPath = join(dir, "emission.db")
const bulk = Effect.runSync(openSqliteEventStore({ path: bulkPath }))
let storeSeconds = 0
const bulkStart = performance.now(), bulkCpu = process.cpuUsage()
for (let from = 0; from < NOTIFICATIONS; from += BULK_BATCH) {
  const batch = emission(from, Math.min(BULK_BATCH, NOTIFICATIONS - from), { avisos: false })
  const start = performance.now()
  await Effect.runPromise(bulk.store.appendBatch(batch))
  storeSeconds += seconds(start)
}
const bulkSeconds = seconds(bulkStart), bulkCpuSeconds = cpuSeconds(bulkCpu)
const peakRssMiB = process.resourceUsage().maxRSS / 1024

// --- 3. rebuild ---------------------------------------------------------------------------------
const models = makeReadModels(storedNotificationCodec)
const rebuildStart = performance.now(), rebuildCpu = process.cpuUsage()
await run(bulk.store, models.catchUp)
const rebuildSeconds = seconds(rebuildStart), rebuildCpuSeconds = cpuSeconds(rebuildCpu)
bulk.close()
const fileMiB = (statSync(bulkPath).size + (statSync(`${bulkPath}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 1024 / 1024
rmSync(dir, { recursive: true, force: true })

console.log(JSON.stringify({
  bench: "stores",
  loadAverage: round2(loadavg()[0]!), // the machine is shared: read the figures with it
  commandPath: { ...full, goal: 0.5, met: full.commandPathVsRaw >= 0.5 },
  commandPathGrouped: grouped,
  bulkDeposit: {
    notifications: NOTIFICATIONS, events: models.position(), seconds: round2(bulkSeconds), cpuSeconds: round2(bulkCpuSeconds), storeSeconds: round2(storeSeconds),
    eventsPerSecond: Math.round(models.position() / bulkSeconds), peakRssMiB: Math.round(peakRssMiB), fileMiB: Math.round(fileMiB),
    goalSeconds: 60, goalRssMiB: 1024,
  },
  rebuild: {
    events: models.position(), seconds: round2(rebuildSeconds), cpuSeconds: round2(rebuildCpuSeconds),
    eventsPerSecond: Math.round(models.position() / rebuildSeconds),
  },
}))
