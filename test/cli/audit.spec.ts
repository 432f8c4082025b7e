/**
 * `buzon audit --db FILE` over real SQLite files: genuine histories written through the core
 * (an opened, a deemed and an estrados notification, an enrolled mailbox), the same file tampered
 * with (an edited event, hand-made events chained properly but timed wrong), and files the audit
 * must refuse untouched (missing, empty, foreign, newer, older).
 */
import { spawnSync } from "node:child_process"
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openSqliteEventStore, SQLITE_SCHEMA_VERSION } from "@buzon/adapters"
import { linkEvents, makeCalendar, type NewEvent, type RecordedEvent, sign } from "@buzon/core"
import { makeTestBuzon } from "@buzon/core/testing"
import { run, type CliIo } from "../../packages/cli/src/index.js"
import { enrollActive, login, mx } from "../core/support.js"

const dir = mkdtempSync(join(tmpdir(), "buzon-audit-"))
afterAll(() => rmSync(dir, { recursive: true, force: true })) // the 100,000-event files are 76 MB each
const runCli = async (...argv: Array<string>) => {
  const out: Array<string> = [], err: Array<string> = []
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), readFile: (p) => readFileSync(p, "utf8") }
  const code = await run(argv, io)
  return { code, stdout: out.join("\n"), stderr: err.join("\n") }
}
const auditJson = async (path: string, ...more: Array<string>) => {
  const result = await runCli("audit", "--db", path, "--json", ...more)
  return { code: result.code, stderr: result.stderr, json: JSON.parse(result.stdout) }
}

/** What a file is on disk: its bytes, its mtime, and whether SQLite left a log or shared memory beside it. */
const snapshot = (path: string) => ({
  bytes: readFileSync(path).toString("base64"), mtimeMs: statSync(path).mtimeMs, wal: existsSync(`${path}-wal`), shm: existsSync(`${path}-shm`),
})

const readEverything = async (path: string): Promise<ReadonlyArray<RecordedEvent>> => {
  const handle = await Effect.runPromise(openSqliteEventStore({ path }))
  try {
    return await Effect.runPromise(handle.store.readAll({ after: 0 }))
  } finally {
    handle.close()
  }
}

/** Appends hand-made events to new streams of `path`, each stream chained with linkEvents (DOMAIN §8). */
const appendChained = async (path: string, streams: ReadonlyArray<{ readonly streamName: string; readonly events: ReadonlyArray<NewEvent> }>) => {
  const handle = await Effect.runPromise(openSqliteEventStore({ path }))
  try {
    await Effect.runPromise(handle.store.appendBatch(streams.map(({ streamName, events }) => ({
      streamName, expectedVersion: 0, events: linkEvents(undefined, streamName, 1, events),
    }))))
  } finally {
    handle.close()
  }
}

/** A copy of `path` named `name`, for a test to spoil. */
const copyOf = (path: string, name: string): string => {
  const copy = join(dir, name)
  copyFileSync(path, copy)
  return copy
}

const KEMPER = { rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE SA DE CV" }
const XOCHILT_RFC = "CACX7605101P8"
const act = (key: string, rfc: string) => ({
  idempotencyKey: key, rfc, actType: "oficio" as const, reference: key, contentSha256: key.slice(-1).toLowerCase().repeat(64), issuingUnit: "Subdelegación Centro",
})

/**
 * The genuine file: Kemper enrolls an active mailbox; act A is opened the next day, act B is deemed
 * on the 4th business day (DOMAIN §3 worked example), and act C, for an RFC without a mailbox, goes
 * to estrados and is made on the 11th business day (CFF art. 139).
 */
const writeGenuineFile = async (path: string) => {
  const handle = await Effect.runPromise(openSqliteEventStore({ path }))
  const t = makeTestBuzon({ start: mx("2026-03-09T10:00"), store: handle.store })
  try {
    const kemper = { ...KEMPER, ...t.fiel(KEMPER.rfc, KEMPER.legalName) }
    await enrollActive({ buzon: t.buzon, sender: t.sender }, kemper, { email: "pagos@kemper.mx", mobile: "5512345678" })
    t.clock.set(mx("2026-03-11T10:00"))
    const a = await t.buzon.deposit(act("IMSS-2026-A", KEMPER.rfc))
    const b = await t.buzon.deposit(act("IMSS-2026-B", KEMPER.rfc))
    const c = await t.buzon.deposit(act("IMSS-2026-C", XOCHILT_RFC))
    await t.buzon.runDue(mx("2026-03-11T10:00"))
    t.clock.set(mx("2026-03-12T11:00"))
    const identity = await login(t.buzon, kemper)
    await t.buzon.open(identity, { notificationId: a.notificationId, certificate: kemper.certificate, signature: sign(kemper.credential, "a".repeat(64)) })
    await t.buzon.runDue(mx("2026-03-18T09:30")) // B deemed
    const estrados = c.events.find((e) => e._tag === "ActPublishedInEstrados")
    if (estrados?._tag !== "ActPublishedInEstrados") throw new Error("expected act C to go to estrados")
    t.clock.set(estrados.notifiedAt)
    await t.buzon.runDue(estrados.notifiedAt) // C made by estrados
    return { a: a.notificationId, b: b.notificationId, c: c.notificationId }
  } finally {
    await t.buzon.close()
    handle.close()
  }
}

let genuine: string
let ids: { readonly a: string; readonly b: string; readonly c: string }
let events: ReadonlyArray<RecordedEvent>

beforeAll(async () => {
  genuine = join(dir, "genuine.db")
  ids = await writeGenuineFile(genuine)
  events = await readEverything(genuine)
}, 60_000)

const historyOf = (notificationId: string) => events.filter((e) => e.streamName === `notification-${notificationId}`)

describe("buzon audit: a genuine file", () => {
  it("holds the histories the test meant to write", () => {
    expect(historyOf(ids.a).map((e) => e.type)).toEqual([
      "ActDeposited", "AvisoDispatchAttempted", "AvisoSent", "AvisoSent", "AvisoDelivered", "NotificationOpened", "NotificationMade", "NotificationTookEffect",
    ])
    expect(historyOf(ids.b).map((e) => e.type).slice(-2)).toEqual(["NotificationMade", "NotificationTookEffect"])
    expect(historyOf(ids.b).find((e) => e.type === "NotificationMade")?.data).toMatchObject({ basis: "deemed", madeAt: mx("2026-03-18T09:30") })
    expect(historyOf(ids.c).map((e) => e.type)).toEqual(["ActDeposited", "ActPublishedInEstrados", "NotificationMade", "NotificationTookEffect"])
  })

  it("--json: exit 0, every event and stream counted, three notifications, no break, no violation", async () => {
    const streams = new Set(events.map((e) => e.streamName))
    const { code, stderr, json } = await auditJson(genuine)
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" })
    expect(json).toEqual({
      file: genuine, clean: true, events: events.length, streams: streams.size, notifications: 3, calendarVersion: makeCalendar().version,
      otherCalendarVersions: [], chainBreaks: [], violationsByKind: {}, violations: [],
    })
    expect([...streams].filter((s) => !s.startsWith("notification-")).length).toBeGreaterThan(0) // the mailbox streams were verified too
  })

  it("for people: the counts, the calendar, and the verdict", async () => {
    const { code, stdout } = await runCli("audit", "--db", genuine)
    expect(code).toBe(0)
    const lines = stdout.split("\n")
    expect(lines.find((l) => l.startsWith("events"))).toBe(`events                 ${events.length}`)
    expect(lines.find((l) => l.startsWith("notifications audited"))).toBe("notifications audited  3")
    expect(lines.find((l) => l.startsWith("chain breaks"))).toBe("chain breaks           0")
    expect(lines.at(-2)).toBe(`calendar ${makeCalendar().version} with no published closures (weekends and CFF art. 12 days only; add them with --closures FILE)`)
    expect(lines.at(-1)).toBe("clean: every hash chain holds and every notification's timing follows DOMAIN §3–4")
  })

  it("leaves the file as it was: the same bytes and mtime, no -wal or -shm left", async () => {
    const before = snapshot(genuine)
    await new Promise((resolve) => setTimeout(resolve, 20)) // an mtime written by the audit would differ
    expect((await runCli("audit", "--db", genuine, "--json")).code).toBe(0)
    expect(snapshot(genuine)).toEqual(before)
    expect(before.wal || before.shm).toBe(false)
  })

  it("reads a store a server holds open (its header still in the write-ahead log)", async () => {
    const live = join(dir, "live.db")
    const handle = await Effect.runPromise(openSqliteEventStore({ path: live }))
    try {
      const history = historyOf(ids.c)
      await Effect.runPromise(handle.store.append(history[0]!.streamName, 0, history.map(({ type, data, metadata }) => ({ type, data, metadata }))))
      expect(readFileSync(live).readUInt32BE(68)).toBe(0) // the application id is not checkpointed yet
      const { code, json } = await auditJson(live)
      expect([code, json.events, json.notifications, json.violations]).toEqual([0, 4, 1, []])
    } finally {
      handle.close()
    }
  })

  it("with closures the histories were not computed with: each timing event is named, and the note says which calendar they carry", async () => {
    const closures = join(dir, "closures.json")
    writeFileSync(closures, JSON.stringify({ closures: [{ from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "test", publishedOn: "2026-01-05" }] }))
    const other = makeCalendar({ closures: [{ from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "test", publishedOn: "2026-01-05" }] })
    const { code, json } = await auditJson(genuine, "--closures", closures)
    const versioned = events.filter((e) => e.streamName.startsWith("notification-") && typeof (e.data as { calendarVersion?: unknown }).calendarVersion === "string")
    expect(code).toBe(1)
    expect(json.calendarVersion).toBe(other.version)
    expect(json.otherCalendarVersions).toEqual([{ version: makeCalendar().version, events: versioned.length }])
    expect(json.violationsByKind["calendar-version-mismatch"]).toBe(versioned.length)
    const { stdout } = await runCli("audit", "--db", genuine, "--closures", closures)
    expect(stdout).toContain(`${versioned.length} notification events carry calendar ${makeCalendar().version}, not the audited one: audit with the --closures and --zone the server used`)
  })
})

describe("buzon audit: a tampered file", () => {
  it("an event edited in place breaks its stream's chain: exit 1, the stream, the version and hash-mismatch", async () => {
    const path = copyOf(genuine, "edited.db")
    const db = new Database(path)
    const changed = db.prepare("UPDATE events SET data = json_set(data, '$.reference', 'OF-FORGED') WHERE stream = ? AND version = 1").run(`notification-${ids.a}`)
    db.close()
    expect(changed.changes).toBe(1)
    const { code, json } = await auditJson(path)
    expect(code).toBe(1)
    expect([json.clean, json.chainBreaks, json.violations]).toEqual([false, [{ streamName: `notification-${ids.a}`, brokenAt: 1, reason: "hash-mismatch" }], []])
    const text = await runCli("audit", "--db", path)
    expect(text.code).toBe(1)
    expect(text.stdout.split("\n").find((l) => l.startsWith(`notification-${ids.a}`))).toBe(
      `notification-${ids.a}  1        hash-mismatch: the event's content no longer matches its own hash: it was edited`)
    expect(text.stdout.split("\n").at(-1)).toBe("not clean: 1 chain break, 0 violations")
  })

  it("an event deleted from a mailbox stream is a version gap there", async () => {
    const path = copyOf(genuine, "deleted.db")
    const mailbox = events.find((e) => e.streamName.startsWith("mailbox-"))!.streamName
    const db = new Database(path)
    expect(db.prepare("DELETE FROM events WHERE stream = ? AND version = 2").run(mailbox).changes).toBe(1)
    db.close()
    const { code, json } = await auditJson(path)
    expect([code, json.chainBreaks, json.events]).toEqual([1, [{ streamName: mailbox, brokenAt: 3, reason: "version-gap" }], events.length - 1])
  })

  it("hand-made events, properly chained but timed wrong: exit 1, each violation by kind with its notification", async () => {
    const path = copyOf(genuine, "mistimed.db")
    const deposit = historyOf(ids.a)[0]!
    const early = { ...(deposit.data as Record<string, never>), notificationId: "n-early", idempotencyKey: "FORGED-1", avisoDueAt: mx("2026-03-11T12:00") }
    const late = historyOf(ids.b).map(({ type, data }) => ({
      type, metadata: {},
      data: { ...(data as Record<string, never>), notificationId: "n-late", ...(type === "NotificationMade" ? { madeAt: mx("2026-03-18T10:30") } : {}) },
    }))
    await appendChained(path, [
      { streamName: "notification-n-early", events: [{ type: "ActDeposited", data: early, metadata: {} }] },
      { streamName: "notification-n-late", events: late },
    ])
    const { code, json } = await auditJson(path)
    expect(code).toBe(1)
    expect(json.chainBreaks).toEqual([])
    expect([json.notifications, json.violationsByKind]).toEqual([5, { "aviso-due-wrong": 1, "made-at-wrong-instant": 1 }])
    expect(json.violations).toEqual([
      { notificationId: "n-early", kind: "aviso-due-wrong", index: 0, detail: "deposited 2026-03-11T16:00:00.000Z, aviso due 2026-03-11T18:00:00.000Z" },
      { notificationId: "n-late", kind: "made-at-wrong-instant", index: late.findIndex((e) => e.type === "NotificationMade"), detail: "made at 2026-03-18T16:30:00.000Z, expected 2026-03-18T15:30:00.000Z" },
    ])
    const lines = (await runCli("audit", "--db", path)).stdout.split("\n")
    expect(lines.find((l) => l.startsWith("aviso-due-wrong"))).toBe(
      "aviso-due-wrong        1      n-early #0: deposited 2026-03-11T16:00:00.000Z, aviso due 2026-03-11T18:00:00.000Z")
    expect(lines.find((l) => l.startsWith("made-at-wrong-instant"))).toMatch(/^made-at-wrong-instant  1      n-late #\d: made at 2026-03-18T16:30:00\.000Z, expected 2026-03-18T15:30:00\.000Z$/)
    expect(lines.at(-1)).toBe("not clean: 0 chain breaks, 2 violations")
  })
})

describe("buzon audit: files it refuses, untouched (exit 2, one line on stderr)", () => {
  const refuses = async (path: string, line: string) => {
    const before = existsSync(path) ? snapshot(path) : undefined
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await runCli("audit", "--db", path)).toEqual({ code: 2, stdout: "", stderr: line })
    expect(existsSync(path) ? snapshot(path) : undefined).toEqual(before)
    expect([existsSync(`${path}-wal`), existsSync(`${path}-shm`)]).toEqual([false, false])
  }

  it("a missing file is not created", async () => {
    const path = join(dir, "missing.db")
    await refuses(path, `buzon: --db: "${path}" does not exist (the audit never creates a store)`)
    expect(existsSync(path)).toBe(false)
  })

  it("an empty file stays empty", async () => {
    const path = join(dir, "empty.db")
    writeFileSync(path, "")
    await refuses(path, `buzon: --db: "${path}" is empty: not a Buzón event store (the audit never creates one)`)
    expect(statSync(path).size).toBe(0)
  })

  it("a text file and another program's SQLite database: the store's SqliteFileForeign", async () => {
    const text = join(dir, "notes.txt")
    writeFileSync(text, "not a database\n".repeat(20))
    await refuses(text, `buzon: ${text} is not a Buzón event store (it is not a SQLite database); it was left untouched. Point the store at a new file or at one Buzón created.`)
    const foreign = join(dir, "foreign.db")
    const db = new Database(foreign)
    db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    db.close()
    await refuses(foreign, `buzon: ${foreign} is not a Buzón event store (its application id is 0, not Buzón's 1112889934); it was left untouched. Point the store at a new file or at one Buzón created.`)
  })

  it("a file a newer Buzón wrote: the store's SqliteSchemaNewer", async () => {
    const path = copyOf(genuine, "newer.db")
    const db = new Database(path)
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`)
    db.close()
    await refuses(path, `buzon: ${path} has event store schema version ${SQLITE_SCHEMA_VERSION + 1}, newer than the ${SQLITE_SCHEMA_VERSION} this Buzón understands; it was left untouched. Upgrade Buzón to open it.`)
  })

  it("a file of an older schema is not migrated", async () => {
    const path = copyOf(genuine, "older.db")
    const db = new Database(path)
    db.exec("DROP TABLE checkpoints")
    db.pragma("user_version = 1")
    db.close()
    await refuses(path, `buzon: --db: "${path}" has event store schema version 1, older than ${SQLITE_SCHEMA_VERSION}; the audit never migrates a file: open it once with the server (or a copy of it), then audit it`)
    const after = new Database(path, { readonly: true })
    expect(after.pragma("user_version", { simple: true })).toBe(1)
    after.close()
  })

  it("a folder, a missing --db and a bad zone", async () => {
    expect(await runCli("audit", "--db", dir)).toEqual({ code: 2, stdout: "", stderr: `buzon: --db: "${dir}" is not a file` })
    expect(await runCli("audit")).toEqual({ code: 2, stdout: "", stderr: "buzon: required option '--db <file>' not specified" })
    expect(await runCli("audit", "--db", genuine, "--zone", "Mars/Olympus")).toEqual({
      code: 2, stdout: "", stderr: 'buzon: --zone: unknown time zone "Mars/Olympus" (use an IANA name such as America/Mexico_City)',
    })
  })
})

describe("buzon audit: a file of 100,000 events, read in pages of 5,000", () => {
  let big: string
  let copies: number
  beforeAll(async () => {
    // the genuine notification histories, copied under new ids and chained afresh, one batch of 500 streams at a time
    big = join(dir, "big.db")
    const templates = [ids.a, ids.b, ids.c].map(historyOf)
    const handle = await Effect.runPromise(openSqliteEventStore({ path: big }))
    try {
      let total = 0
      for (copies = 0; total < 100_000;) {
        const batch = Array.from({ length: 500 }, () => {
          const id = `n-copy-${copies}`, streamName = `notification-${id}`
          const events = templates[copies++ % 3]!.map(({ type, data }) => ({ type, data: { ...(data as Record<string, never>), notificationId: id }, metadata: {} }))
          total += events.length
          return { streamName, expectedVersion: 0, events: linkEvents(undefined, streamName, 1, events) }
        })
        await Effect.runPromise(handle.store.appendBatch(batch))
      }
    } finally {
      handle.close()
    }
  }, 120_000)

  it("audits clean in seconds, the chains of streams that straddle a page anchored across it", async () => {
    const started = performance.now()
    const { code, json } = await auditJson(big)
    const seconds = (performance.now() - started) / 1000
    expect([code, json.events >= 100_000, json.streams, json.notifications, json.chainBreaks, json.violations]).toEqual([0, true, copies, copies, [], []])
    expect(seconds).toBeLessThan(30) // 3–5 s here under load; a bound that catches a quadratic read, not a slow machine
  }, 60_000)

  it("an edited event just after a page boundary breaks its stream there, and only there", async () => {
    const path = copyOf(big, "big-edited.db")
    const db = new Database(path)
    const straddling = db.prepare("SELECT stream, version FROM events WHERE position = 5001").get() as { stream: string; version: number }
    expect(db.prepare("SELECT count(*) FROM events WHERE stream = ? AND position <= 5000").pluck().get(straddling.stream)).toBeGreaterThan(0) // it does straddle
    db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor', 'forged') WHERE position = 5001").run()
    db.close()
    const { code, json } = await auditJson(path)
    expect([code, json.chainBreaks, json.violations]).toEqual([1, [{ streamName: straddling.stream, brokenAt: straddling.version, reason: "hash-mismatch" }], []])
  }, 60_000)
})

const root = fileURLToPath(new URL("../..", import.meta.url))
describe.skipIf(!existsSync(join(root, "packages/cli/dist/commands/audit.js")))("buzon audit through the built bin", () => {
  it("exits 0 with the JSON report on a genuine file, 1 on an edited one", () => {
    const bin = join(root, "packages/cli/bin/buzon.js")
    const clean = spawnSync(process.execPath, [bin, "audit", "--db", genuine, "--json"], { encoding: "utf8" })
    expect([clean.status, clean.stderr, JSON.parse(clean.stdout).events]).toEqual([0, "", events.length])
    const path = copyOf(genuine, "edited-for-bin.db")
    const db = new Database(path)
    db.prepare("UPDATE events SET metadata = json_set(metadata, '$.prevHash', ?) WHERE stream = ? AND version = 2").run("f".repeat(64), `notification-${ids.b}`)
    db.close()
    const edited = spawnSync(process.execPath, [bin, "audit", "--db", path, "--json"], { encoding: "utf8" })
    expect([edited.status, JSON.parse(edited.stdout).chainBreaks]).toEqual([1, [{ streamName: `notification-${ids.b}`, brokenAt: 2, reason: "prev-hash-mismatch" }]])
  })
})
