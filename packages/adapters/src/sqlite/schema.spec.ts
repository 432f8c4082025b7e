import { createHash } from "node:crypto"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import Database from "better-sqlite3"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { BUZON_APPLICATION_ID, migrationsUpTo, SQLITE_SCHEMA_VERSION, SqliteFileForeign, SqliteSchemaNewer } from "./schema.js"
import { openSqliteEventStore } from "./SqliteEventStore.js"

const dir = mkdtempSync(join(tmpdir(), "buzon-schema-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex")
const refusal = (path: string) => Effect.runPromise(Effect.flip(openSqliteEventStore({ path })))

/** Asserts `path` is byte for byte what it was, and that no WAL or journal file appeared beside it. */
const expectUntouched = (path: string, hash: string) => {
  expect(sha256(path)).toBe(hash)
  expect([existsSync(`${path}-wal`), existsSync(`${path}-shm`), existsSync(`${path}-journal`)]).toEqual([false, false, false])
}

describe("SQLite schema", () => {
  it("creates a new file at the current version, ours, in WAL with synchronous=FULL", async () => {
    const path = join(dir, "new.db")
    const handle = await Effect.runPromise(openSqliteEventStore({ path }))
    const db = new Database(path, { readonly: true })
    expect({
      applicationId: db.pragma("application_id", { simple: true }),
      userVersion: db.pragma("user_version", { simple: true }),
      journal: db.pragma("journal_mode", { simple: true }),
    }).toEqual({ applicationId: BUZON_APPLICATION_ID, userVersion: SQLITE_SCHEMA_VERSION, journal: "wal" })
    db.close()
    handle.close()
  })

  it("migrates a version-1 file (events, no checkpoints) and keeps its events", async () => {
    const path = join(dir, "v1.db")
    const old = new Database(path)
    for (const sql of migrationsUpTo(1)) old.exec(sql)
    old.pragma(`application_id = ${BUZON_APPLICATION_ID}`)
    old.pragma("user_version = 1")
    old.prepare("INSERT INTO events (stream, version, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run("mailbox-EKU9003173C9", 1, "MailboxOpened", '{"rfc":"EKU9003173C9"}', "{}", 1_767_225_600_000)
    old.close()
    const handle = await Effect.runPromise(openSqliteEventStore({ path }))
    expect(await Effect.runPromise(handle.store.readStream("mailbox-EKU9003173C9"))).toEqual([{
      streamName: "mailbox-EKU9003173C9", version: 1, position: 1, type: "MailboxOpened",
      data: { rfc: "EKU9003173C9" }, metadata: {}, recordedAt: 1_767_225_600_000,
    }])
    await Effect.runPromise(handle.saveCheckpoint("inbox", 1))
    expect(await Effect.runPromise(handle.loadCheckpoint("inbox"))).toBe(1)
    handle.close()
    const db = new Database(path, { readonly: true })
    expect(db.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION)
    db.close()
  })

  it("refuses a foreign SQLite file and leaves it untouched", async () => {
    const path = join(dir, "foreign.db")
    const other = new Database(path)
    other.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    other.exec("INSERT INTO invoices (total) VALUES (12.5)")
    other.close()
    const hash = sha256(path)
    expect(await refusal(path)).toEqual(
      new SqliteFileForeign({ path, reason: `its application id is 0, not Buzón's ${BUZON_APPLICATION_ID}` }),
    )
    expectUntouched(path, hash)
  })

  it("refuses a file that is not SQLite at all and leaves it untouched", async () => {
    const path = join(dir, "notes.db")
    writeFileSync(path, "Ñ these are notes, not a database\n".repeat(200))
    const hash = sha256(path)
    expect(await refusal(path)).toEqual(
      new SqliteFileForeign({ path, reason: "it cannot be read as SQLite: file is not a database" }),
    )
    expectUntouched(path, hash)
  })

  it("refuses a file from a newer Buzón and leaves it untouched", async () => {
    const path = join(dir, "newer.db")
    const newer = new Database(path)
    for (const sql of migrationsUpTo(SQLITE_SCHEMA_VERSION)) newer.exec(sql)
    newer.exec("CREATE TABLE snapshots (stream TEXT PRIMARY KEY, state TEXT) STRICT")
    newer.pragma(`application_id = ${BUZON_APPLICATION_ID}`)
    newer.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`)
    newer.close()
    const hash = sha256(path)
    const error = await refusal(path)
    expect(error).toEqual(new SqliteSchemaNewer({ path, fileVersion: SQLITE_SCHEMA_VERSION + 1, supportedVersion: SQLITE_SCHEMA_VERSION }))
    expect(error.message).toBe(
      `${path} has event store schema version ${SQLITE_SCHEMA_VERSION + 1}, newer than the ${SQLITE_SCHEMA_VERSION} this Buzón understands; it was left untouched. Upgrade Buzón to open it.`,
    )
    expectUntouched(path, hash)
  })
})
