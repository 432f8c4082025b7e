import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { makeWalSync } from "./walSync.js"

const dir = mkdtempSync(join(tmpdir(), "buzon-walsync-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const walFile = (name: string) => {
  const path = join(dir, name)
  writeFileSync(path, "frames")
  return path
}

describe("makeWalSync", () => {
  it("syncs inline under Effect.runSync, so a synchronous append stays synchronous", () => {
    const wal = makeWalSync(walFile("sync.db-wal"))
    expect(Effect.runSync(wal.point())).toBeUndefined()
    wal.close()
  })

  it("lets every fiber of a group wait on one point, off the event loop", async () => {
    const wal = makeWalSync(walFile("async.db-wal"))
    const point = wal.point()
    expect(await Effect.runPromise(Effect.all([point, point, wal.point()], { concurrency: "unbounded" }))).toEqual([undefined, undefined, undefined])
    wal.close()
  })

  it("fails a point taken after close, with the closed connection's words", async () => {
    const wal = makeWalSync(walFile("closed.db-wal"))
    wal.close()
    const failure = await Effect.runPromise(Effect.flip(wal.point()))
    expect(failure).toEqual(new TypeError("The database connection is not open"))
  })
})
