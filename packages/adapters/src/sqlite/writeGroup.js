/**
 * How a group of appends is written: one IMMEDIATE transaction that checks every stream's expected
 * version (per-stream optimistic concurrency, a batch all or nothing), each append of a group in its
 * own savepoint so a conflict rolls back that append alone.
 *
 * One implementation for the two places a group is committed, the event loop (`appends.ts`) and the
 * writer thread (`writerThread.worker.js`): plain JavaScript, so a worker loads it without a build
 * step; its types are JSDoc, checked by tsc like the TypeScript around it. Its outcomes are plain
 * data (a conflict too), since they may cross a thread.
 *
 * @since 0.2.0
 */

/**
 * @typedef {import("better-sqlite3").Database} Database
 * @typedef {{ readonly type: string, readonly data: string, readonly metadata: string }} EventToWrite (data and metadata as JSON text)
 * @typedef {{ readonly streamName: string, readonly expectedVersion: number | "any", readonly events: ReadonlyArray<EventToWrite> }} StreamWrite
 * @typedef {{ readonly batch: ReadonlyArray<StreamWrite>, readonly now: number }} WriteRequest
 * @typedef {{ readonly streamName: string, readonly nextExpectedVersion: number, readonly lastPosition: number }} Written
 * @typedef {{ readonly streamName: string, readonly expectedVersion: number, readonly actualVersion: number }} Conflict
 * @typedef {{ readonly written: ReadonlyArray<Written> } | { readonly conflict: Conflict }} WriteOutcome
 */

/** Thrown inside a transaction to roll it back; caught right outside it. */
class Rollback {
  /** @param {Conflict} conflict */
  constructor(conflict) {
    this.conflict = conflict
  }
}

/**
 * The write statements of one connection.
 * @param {Database} db
 */
const prepareWrites = (db) => ({
  version: /** @type {import("better-sqlite3").Statement<[string], number>} */ (
    db.prepare("SELECT coalesce(max(version), 0) FROM events WHERE stream = ?").pluck()),
  positionOf: /** @type {import("better-sqlite3").Statement<[string, number], number>} */ (
    db.prepare("SELECT position FROM events WHERE stream = ? AND version = ?").pluck()),
  insert: /** @type {import("better-sqlite3").Statement<[string, number, string, string, string, number]>} */ (
    db.prepare("INSERT INTO events (stream, version, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")),
})

/**
 * Writes a batch inside the caller's transaction; throws `Rollback` on the first conflict.
 * @param {ReturnType<typeof prepareWrites>} sql
 * @param {ReadonlyArray<StreamWrite>} batch
 * @param {number} now
 * @returns {ReadonlyArray<Written>}
 */
const writeBatch = (sql, batch, now) => {
  /** @type {Map<string, number>} */
  const versions = new Map()
  return batch.map(({ streamName, expectedVersion, events }) => {
    const actualVersion = versions.get(streamName) ?? sql.version.get(streamName) ?? 0
    if (expectedVersion !== "any" && expectedVersion !== actualVersion)
      throw new Rollback({ streamName, expectedVersion, actualVersion })
    let version = actualVersion, lastPosition = 0
    for (const { type, data, metadata } of events) {
      version += 1
      const info = sql.insert.run(streamName, version, type, data, metadata, now)
      lastPosition = Number(info.lastInsertRowid)
    }
    if (events.length === 0) lastPosition = version === 0 ? 0 : (sql.positionOf.get(streamName, version) ?? 0)
    versions.set(streamName, version)
    return { streamName, nextExpectedVersion: version, lastPosition }
  })
}

/**
 * Makes the group writer of `db`: it commits the requests given in one transaction and answers one
 * outcome per request, in order. It throws when the transaction itself fails (then nothing of the
 * group was written, and every request of it failed alike).
 * @example const write = makeWriteGroup(db); write([{ batch, now }]) // => [{ written: [{ streamName, nextExpectedVersion: 1, lastPosition: 1 }] }]
 * @param {Database} db
 * @returns {(requests: ReadonlyArray<WriteRequest>) => ReadonlyArray<WriteOutcome>}
 * @since 0.2.0
 */
export const makeWriteGroup = (db) => {
  const sql = prepareWrites(db)
  const inSavepoint = db.transaction(writeBatch)
  // A group of one needs no savepoint: its conflict rolls back the whole transaction, which holds nothing else.
  const alone = db.transaction(writeBatch)
  /** @type {(error: unknown) => WriteOutcome} */
  const conflictOf = (error) => {
    if (error instanceof Rollback) return { conflict: error.conflict }
    throw error // anything else rolls back the whole group: nobody is acknowledged
  }
  const group = db.transaction(
    /** @param {ReadonlyArray<WriteRequest>} requests */
    (requests) => requests.map(({ batch, now }) => {
      try {
        return { written: inSavepoint(sql, batch, now) }
      } catch (error) {
        return conflictOf(error)
      }
    }),
  )
  return (requests) => {
    if (requests.length !== 1) return group.immediate(requests)
    const { batch, now } = /** @type {WriteRequest} */ (requests[0])
    try {
      return [{ written: alone.immediate(sql, batch, now) }]
    } catch (error) {
      return [conflictOf(error)]
    }
  }
}
