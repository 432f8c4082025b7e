/**
 * The event loop's side of the writer thread (`writerThread.worker.js`): it sends each group of
 * appends to the thread and hands back the thread's outcomes once that group's COMMIT, with its
 * fsync, has returned there. The event loop meanwhile reads, decides and answers other requests; the
 * COMMIT, the WAL fsync and the WAL checkpoints never hold it.
 *
 * The thread keeps the process alive only while a group is on its way, so an idle store never keeps
 * a program from exiting, and a pending append always gets its answer.
 *
 * @since 0.2.0
 */
import { resolve } from "node:path"
import { Worker } from "node:worker_threads"
import Database from "better-sqlite3"
import type { WriteOutcome, WriteRequest } from "./writeGroup.js"

/** What the thread answered for a group: an outcome per request, or why its transaction failed. @since 0.2.0 */
export type ThreadReply =
  | { readonly outcomes: ReadonlyArray<WriteOutcome> }
  | { readonly failure: unknown }

/**
 * A running writer thread.
 * @example const thread = startWriterThread({ path: "buzon.db", busyTimeoutMs: 5000 }); const reply = await thread.write([{ batch, now }])
 * @since 0.2.0
 */
export interface WriterThread {
  /** Commits the requests in the thread; resolves once committed and synced there (never rejects). */
  readonly write: (requests: ReadonlyArray<WriteRequest>) => Promise<ThreadReply>
  /** Stops taking groups; the thread commits those sent before, closes its connection and ends. */
  readonly close: () => void
}

interface Failure { readonly message: string; readonly code: string | undefined }
type Answer = { readonly id: number; readonly outcomes: ReadonlyArray<WriteOutcome> } | { readonly id: number; readonly failure: Failure }
/** The thread could not open its connection: every append fails with this, in the driver's words. */
interface StartFailed { readonly startFailed: Failure }

/**
 * The thread's failure as the event loop's driver would have thrown it, so the store describes it
 * in the same words (`describeSqliteFailure`).
 */
const errorOf = (failure: Failure): Error =>
  failure.code === undefined ? new Error(failure.message) : new Database.SqliteError(failure.message, failure.code)

/**
 * Starts the writer thread of the file at `path` (already created and in WAL: the store's own
 * connection prepared it). The path is made absolute here, so a later `process.chdir` cannot point
 * the thread at another file.
 * @example const thread = startWriterThread({ path, busyTimeoutMs: 5000 })
 * @since 0.2.0
 */
export const startWriterThread = (options: { readonly path: string; readonly busyTimeoutMs: number }): WriterThread => {
  const worker = new Worker(new URL("./writerThread.worker.js", import.meta.url), { workerData: { ...options, path: resolve(options.path) } })
  const waiting = new Map<number, (reply: ThreadReply) => void>()
  let nextId = 0
  // Why the thread can take no more groups: closed by us, or stopped by a failure of its own.
  let stopped: Error | undefined
  const settle = (id: number, reply: ThreadReply): void => {
    const resolve = waiting.get(id)
    if (resolve === undefined) return
    waiting.delete(id)
    if (waiting.size === 0) worker.unref()
    resolve(reply)
  }
  const stop = (reason: Error): void => {
    stopped ??= reason
    for (const id of [...waiting.keys()]) settle(id, { failure: reason })
  }
  worker.on("message", (message: Answer | StartFailed) => {
    if ("startFailed" in message) return stop(errorOf(message.startFailed))
    settle(message.id, "outcomes" in message ? message : { failure: errorOf(message.failure) })
  })
  worker.on("error", (error) => stop(error instanceof Error ? error : new Error(`the writer thread failed: ${String(error)}`)))
  worker.on("exit", (code) => stop(new Error(`the writer thread ended (exit code ${code})`)))
  // After the listeners: adding the first "message" listener refs the worker again.
  worker.unref()
  return {
    write: (requests) => {
      if (stopped !== undefined) return Promise.resolve({ failure: stopped })
      const id = (nextId += 1)
      if (waiting.size === 0) worker.ref() // a group on its way keeps the process alive until answered
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        worker.postMessage({ id, requests })
      })
    },
    close: () => {
      if (stopped !== undefined) return
      stopped = new TypeError("The database connection is not open") // as better-sqlite3 says it: "the store was closed"
      worker.postMessage({ close: true })
    },
  }
}
