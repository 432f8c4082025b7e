/**
 * The durability half of group commit: one fsync of the WAL file, off the event loop, for every
 * commit made before it began. The store's connection commits with `synchronous=NORMAL` (the
 * COMMIT writes the WAL but does not fsync it) and answers nobody until a WAL fsync begun after
 * its COMMIT has finished; that is the fsync `synchronous=FULL` would have made inside the COMMIT,
 * moved to libuv's thread pool so the loop keeps taking requests meanwhile. The WAL is written in
 * order, so an fsync covers every frame written before it began.
 *
 * Two fsyncs may run at once (`LANES`): a group committed while one runs starts its own at once
 * instead of waiting for it to end (measured: about 10% more HTTP deposits than one lane, the wait
 * being one fsync instead of one and a half). Groups committed while both lanes are busy share the
 * next fsync, begun when a lane frees. An fsync's end makes durable everything committed before it
 * began, whichever lane finishes first.
 *
 * Under a synchronous scheduler (`Effect.runSync`) the fsync runs inline instead, so a synchronous
 * append stays synchronous and just as durable.
 *
 * @since 0.2.0
 */
import { closeSync, fsync, fsyncSync, openSync } from "node:fs"
import { Effect, Scheduler } from "effect"

/** How many WAL fsyncs may run at once (libuv's pool has 4 threads, shared with all file I/O). */
const LANES = 2

/**
 * Durability points of one WAL file.
 * @example const wal = makeWalSync("buzon.db-wal"); const durable = wal.point(); yield* durable
 * @since 0.2.0
 */
export interface WalSync {
  /**
   * A point after the commits made so far: running it (from any number of fibers) waits for one
   * fsync begun after the point was taken, shared by them all. Take it right after a COMMIT.
   */
  readonly point: () => Effect.Effect<void, unknown>
  /** Closes the file descriptor; a later point fails. */
  readonly close: () => void
}

/**
 * Makes the WAL syncer of `walPath` (`<database>-wal`), opened on first use.
 * Rule: an acknowledged append survives power loss (ARCHITECTURE, "Durability").
 * @example makeWalSync(`${db.name}-wal`)
 * @since 0.2.0
 */
export const makeWalSync = (walPath: string): WalSync => {
  let fd: number | undefined
  let closed = false
  let running = 0
  let waiting: Array<(error: unknown) => void> = []
  const release = (): void => {
    if (fd !== undefined) closeSync(fd)
    fd = undefined
  }
  const handle = (): number => {
    if (closed) throw new TypeError("The database connection is not open")
    return (fd ??= openSync(walPath, "r"))
  }
  const start = (): void => {
    running += 1
    const batch = waiting
    waiting = []
    const finish = (error: unknown) => {
      running -= 1
      for (const done of batch) done(error)
      if (closed && running === 0) release()
      else if (waiting.length > 0 && running < LANES) start() // they joined while every lane was busy: one begun after their commit
    }
    try {
      fsync(handle(), finish)
    } catch (error) {
      finish(error)
    }
  }
  const join = (): Promise<void> =>
    new Promise((resolve, reject) => {
      waiting.push((error) => (error ? reject(error) : resolve()))
      if (running < LANES) start()
    })
  return {
    point: () => {
      let shared: Promise<void> | undefined // joined once, by the first fiber to wait on this point
      return Effect.flatMap(Effect.service(Scheduler.Scheduler), (scheduler) =>
        scheduler.executionMode === "sync"
          ? Effect.try({ try: () => fsyncSync(handle()), catch: (error) => error })
          : Effect.tryPromise({ try: () => (shared ??= join()), catch: (error) => error }),
      )
    },
    close: () => {
      closed = true
      if (running === 0) release() // else once the running fsyncs end: their descriptor must not be reused under them
    },
  }
}
