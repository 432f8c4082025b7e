/**
 * The durability half of group commit: one fsync of the WAL file, off the event loop, for every
 * commit made before it began. The store's connection commits with `synchronous=NORMAL` (the
 * COMMIT writes the WAL but does not fsync it) and answers nobody until a WAL fsync begun after
 * its COMMIT has finished; that is the fsync `synchronous=FULL` would have made inside the COMMIT,
 * moved to libuv's thread pool so the loop keeps taking requests meanwhile, and shared by every
 * commit that lands while one is running. The WAL is written in order, so an fsync covers every
 * frame written before it.
 *
 * Under a synchronous scheduler (`Effect.runSync`) the fsync runs inline instead, so a synchronous
 * append stays synchronous and just as durable.
 *
 * @since 0.2.0
 */
import { closeSync, fsync, fsyncSync, openSync } from "node:fs"
import { Effect, Scheduler } from "effect"

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
  let running = false
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
    running = true
    const batch = waiting
    waiting = []
    const finish = (error: unknown) => {
      running = false
      for (const done of batch) done(error)
      if (closed) release()
      else if (waiting.length > 0) start() // they joined during this fsync: they need one begun after their commit
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
      if (!running) start()
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
      if (!running) release() // else once the running fsync ends: its descriptor must not be reused under it
    },
  }
}
