/**
 * SQLite failures in words: the `EventStoreUnavailable.cause` a person reads, never a bare
 * driver code such as `SQLITE_BUSY`.
 *
 * @since 0.1.0
 */
import Database from "better-sqlite3"

const byCode: ReadonlyArray<readonly [string, string]> = [
  ["SQLITE_BUSY", "the database file is locked by another writer and stayed locked past the busy timeout"],
  ["SQLITE_LOCKED", "a table is locked by another statement on the same connection"],
  ["SQLITE_FULL", "the disk holding the database file is full"],
  ["SQLITE_READONLY", "the database file is read-only for this process"],
  ["SQLITE_CANTOPEN", "the database file cannot be opened (missing folder or no permission)"],
  ["SQLITE_IOERR", "the disk reported an I/O error"],
  ["SQLITE_CORRUPT", "the database file is corrupt"],
  ["SQLITE_NOTADB", "the file is not a SQLite database"],
  ["SQLITE_PERM", "the operating system denied access to the database file"],
]

/**
 * Describes a better-sqlite3 failure for a person.
 * @example describeSqliteFailure(new Database.SqliteError("database is locked", "SQLITE_BUSY")) // => "the database file is locked by another writer…"
 * @since 0.1.0
 */
export const describeSqliteFailure = (error: unknown): string => {
  if (error instanceof Database.SqliteError) {
    const known = byCode.find(([code]) => error.code === code || error.code.startsWith(`${code}_`))
    return known !== undefined ? `${known[1]} (${error.message})` : `SQLite refused the operation: ${error.message}`
  }
  if (error instanceof TypeError && /database connection is not open/i.test(error.message))
    return "the store was closed"
  if (error instanceof TypeError && /directory does not exist/i.test(error.message))
    return "the folder meant to hold the database file does not exist"
  return `an unexpected failure: ${error instanceof Error ? error.message : String(error)}`
}
