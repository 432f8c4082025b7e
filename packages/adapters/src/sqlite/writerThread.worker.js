/**
 * The writer thread of a SQLite store opened with `writer: "thread"` (`writerThread.ts` starts it):
 * its own connection to the file, `synchronous=FULL`, and nothing else to do but commit. Every group
 * waiting when it is free goes into one transaction (`makeWriteGroup`); the answer is posted only
 * after that COMMIT returned, that is after the WAL was synced, so an acknowledged append survives
 * power loss exactly as on the event loop. WAL checkpoints happen here too, off the event loop.
 *
 * Messages in: `{ id, requests }` (a group) and `{ close: true }` (after the groups sent before it).
 * Messages out: `{ id, outcomes }`, or `{ id, failure: { message, code } }` when the transaction failed;
 * `{ startFailed: { message, code } }` when the connection could not be opened (the thread then ends).
 *
 * @since 0.2.0
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads"
import Database from "better-sqlite3"
import { makeWriteGroup } from "./writeGroup.js"

/**
 * @typedef {{ readonly id: number, readonly requests: ReadonlyArray<import("./writeGroup.js").WriteRequest> }} GroupMessage
 * @typedef {GroupMessage | { readonly close: true }} Incoming
 */

const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort)
const { path, busyTimeoutMs } = /** @type {{ readonly path: string, readonly busyTimeoutMs: number }} */ (workerData)

/** @param {unknown} error */
const failureOf = (error) => ({
  message: error instanceof Error ? error.message : String(error),
  code: error instanceof Database.SqliteError ? error.code : undefined,
})

/** Opens the thread's connection; on failure tells the event loop why, in the driver's words, and ends. */
const open = () => {
  try {
    const db = new Database(path, { timeout: busyTimeoutMs, fileMustExist: true })
    db.pragma("synchronous = FULL") // the file is in WAL already: the store's own connection prepared it
    return { db, write: makeWriteGroup(db) }
  } catch (error) {
    port.postMessage({ startFailed: failureOf(error) })
    return process.exit(1)
  }
}
const { db, write } = open()

/** Commits the groups as one transaction and answers each. @param {ReadonlyArray<GroupMessage>} groups */
const commit = (groups) => {
  if (groups.length === 0) return
  try {
    const outcomes = write(groups.flatMap((group) => group.requests))
    let from = 0
    for (const group of groups) {
      port.postMessage({ id: group.id, outcomes: outcomes.slice(from, (from += group.requests.length)) })
    }
  } catch (error) {
    const failure = failureOf(error)
    for (const group of groups) port.postMessage({ id: group.id, failure })
  }
}

port.on("message", (/** @type {Incoming} */ first) => {
  // Everything already queued joins this transaction: while the last COMMIT synced, the event loop
  // kept sending groups, and one fsync now makes them all durable.
  /** @type {Array<GroupMessage>} */
  const groups = []
  /** @type {Incoming | undefined} */
  let message = first
  while (message !== undefined) {
    if ("close" in message) {
      commit(groups)
      db.close()
      port.close()
      return
    }
    groups.push(message)
    message = receiveMessageOnPort(port)?.message
  }
  commit(groups)
})
