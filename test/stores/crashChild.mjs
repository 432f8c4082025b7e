// The crash test's victim: appends to a SQLite store in a loop, through the BUILT adapter, and prints
// one JSON line per acknowledged append (written synchronously: a printed line is a committed append).
// Usage: node crashChild.mjs FILE RUN_INDEX [full|grouped|thread]: "full" and "grouped" are the store's
// durability, on the event loop; "thread" opens it with `writer: "thread"` (the COMMIT in a writer thread,
// durability "full"). Under "grouped" and "thread" the appends run with Effect.runPromise (the WAL fsync
// takes the thread-pool path the example server takes; the thread's answer comes back as a message).
import { writeSync } from "node:fs"
import { Effect } from "effect"
import { linkEvents } from "@buzon/core"
import { openSqliteEventStore } from "@buzon/adapters"

const [path, runIndex, mode = "full"] = process.argv.slice(2)
const handle = Effect.runSync(openSqliteEventStore(mode === "thread" ? { path, writer: "thread" } : { path, durability: mode }))
const runAppend = mode === "full" ? Effect.runSync : Effect.runPromise
const { store } = handle
const streams = ["mailbox-EKU9003173C9", "mailbox-CACX7605101P8", "notification-N1", "notification-N2", "notification-N3"]

// resume each stream's chain from what the file holds
const heads = new Map(streams.map((s) => [s, { version: 0, hash: undefined }]))
for (const event of Effect.runSync(store.readAll({ after: 0 })))
  heads.set(event.streamName, { version: event.version, hash: event.metadata.hash })

const say = (line) => writeSync(1, `${JSON.stringify(line)}\n`)

const part = (streamName, count, extra) => {
  const head = heads.get(streamName)
  const events = Array.from({ length: count }, (_, i) => ({
    type: "ActDeposited",
    data: { run: Number(runIndex), n: head.version + i + 1, razonSocial: "Ñandú S.A. de C.V.", payload: "x".repeat(200) },
    metadata: { ...extra },
  }))
  return { streamName, expectedVersion: head.version, events: linkEvents(head.hash, streamName, head.version + 1, events) }
}

/** Appends the n-th batch (one part, or three parts in one batch) and prints its acknowledgement. */
const appendNth = async (n) => {
  const batchId = `${runIndex}-${n}`
  const parts = n % 3 === 2
    ? [part(streams[n % 5], 2, { batchId, batchSize: 6 }), part(streams[(n + 1) % 5], 2, { batchId, batchSize: 6 }), part(streams[(n + 2) % 5], 2, { batchId, batchSize: 6 })]
    : [part(streams[n % 5], 1 + (n % 2), { batchId, batchSize: 1 + (n % 2) })]
  const results = await runAppend(parts.length === 1 ? Effect.map(store.append(parts[0].streamName, parts[0].expectedVersion, parts[0].events), (r) => [r]) : store.appendBatch(parts))
  results.forEach((r, i) => heads.set(r.streamName, { version: r.nextExpectedVersion, hash: parts[i].events.at(-1).metadata.hash }))
  say({ ack: batchId, parts: results.map((r, i) => ({ streamName: r.streamName, version: r.nextExpectedVersion, hash: parts[i].events.at(-1).metadata.hash })) })
}

let n = 0
// The writer thread loads for tens of milliseconds after the open: ready only once it answered an
// append, so the kill lands while appends are committing there, not while it is still loading.
if (mode === "thread") await appendNth(n++)
say({ ready: true })
for (; ; n++) await appendNth(n)
