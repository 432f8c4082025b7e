/**
 * The SQLite file's schema: what makes a file ours, its version, and the migrations that bring an
 * older file up to date. A file that is not ours, or that a newer Buzón wrote, is refused before
 * anything is written to it (no WAL switch, no table, no pragma that changes the header).
 *
 * @since 0.1.0
 */
import Database from "better-sqlite3"
import { Data } from "effect"

/** `PRAGMA application_id` of a Buzón event store file: "BUZN" in ASCII. @since 0.1.0 */
export const BUZON_APPLICATION_ID = 0x42555a4e

/**
 * The migrations, in order: index i brings a file from version i to i + 1 (`PRAGMA user_version`).
 * Append only: a released migration is never edited.
 */
const migrations: ReadonlyArray<string> = [
  // 1: the events. `position` is the rowid: events are never deleted, so it only ever grows.
  `CREATE TABLE events (
     position    INTEGER PRIMARY KEY,
     stream      TEXT    NOT NULL,
     version     INTEGER NOT NULL,
     type        TEXT    NOT NULL,
     data        TEXT    NOT NULL,
     metadata    TEXT    NOT NULL,
     recorded_at INTEGER NOT NULL,
     UNIQUE (stream, version)
   ) STRICT`,
  // 2: where projections remember how far they have read.
  `CREATE TABLE checkpoints (
     name     TEXT    PRIMARY KEY,
     position INTEGER NOT NULL
   ) STRICT`,
]

/** The schema version this code writes. @since 0.1.0 */
export const SQLITE_SCHEMA_VERSION = migrations.length

/** The file is a SQLite database (or not one at all) that Buzón did not create; it was left untouched. @since 0.1.0 */
export class SqliteFileForeign extends Data.TaggedError("SqliteFileForeign")<{
  readonly path: string
  readonly reason: string
}> {
  override get message() {
    return `${this.path} is not a Buzón event store (${this.reason}); it was left untouched. Point the store at a new file or at one Buzón created.`
  }
}

/** The file was written by a newer Buzón (a higher schema version); it was left untouched. @since 0.1.0 */
export class SqliteSchemaNewer extends Data.TaggedError("SqliteSchemaNewer")<{
  readonly path: string
  readonly fileVersion: number
  readonly supportedVersion: number
}> {
  override get message() {
    return `${this.path} has event store schema version ${this.fileVersion}, newer than the ${this.supportedVersion} this Buzón understands; it was left untouched. Upgrade Buzón to open it.`
  }
}

const pragmaNumber = (db: Database.Database, name: string): number => Number(db.pragma(name, { simple: true }))

/** What the file is, read without writing anything to it. */
const inspect = (db: Database.Database, path: string): SqliteFileForeign | SqliteSchemaNewer | number => {
  let applicationId: number, userVersion: number, tables: number
  try {
    applicationId = pragmaNumber(db, "application_id")
    userVersion = pragmaNumber(db, "user_version")
    tables = Number(db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get())
  } catch (error) {
    return new SqliteFileForeign({ path, reason: `it cannot be read as SQLite: ${(error as Error).message}` })
  }
  if (applicationId === 0 && userVersion === 0 && tables === 0) return 0 // a new, empty file
  if (applicationId !== BUZON_APPLICATION_ID)
    return new SqliteFileForeign({ path, reason: `its application id is ${applicationId}, not Buzón's ${BUZON_APPLICATION_ID}` })
  if (userVersion > SQLITE_SCHEMA_VERSION)
    return new SqliteSchemaNewer({ path, fileVersion: userVersion, supportedVersion: SQLITE_SCHEMA_VERSION })
  return userVersion
}

/**
 * Checks the file and migrates it to `SQLITE_SCHEMA_VERSION` in one transaction, then sets the
 * durability pragmas: WAL, `synchronous=FULL` (a COMMIT survives power loss). The event store's own
 * connection may then trade FULL for NORMAL plus its own WAL fsync before answering
 * (`durability: "grouped"`, `appends.ts`): as durable, with the fsync off the event loop and shared by a group.
 * Returns the refusal instead when the file is foreign or newer.
 * @example prepareSchema(new Database("buzon.db"), "buzon.db") // => undefined (ready)
 * @since 0.1.0
 */
export const prepareSchema = (
  db: Database.Database,
  path: string,
): SqliteFileForeign | SqliteSchemaNewer | undefined => {
  const found = inspect(db, path)
  if (typeof found !== "number") return found
  db.pragma("journal_mode = WAL")
  db.pragma("synchronous = FULL")
  db.pragma("cache_size = -32768") // 32 MiB of page cache (default 2 MiB): the (stream, version) index of 1 M events stays hot
  if (found < SQLITE_SCHEMA_VERSION) {
    db.transaction(() => {
      // read again under the write lock: another process may have migrated since `inspect`
      for (const sql of migrations.slice(pragmaNumber(db, "user_version"))) db.exec(sql)
      db.pragma(`application_id = ${BUZON_APPLICATION_ID}`)
      db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`)
    }).immediate()
  }
  return undefined
}

/** The migration SQL up to `version`, for tests that build an older file. @since 0.1.0 */
export const migrationsUpTo = (version: number): ReadonlyArray<string> => migrations.slice(0, version)
