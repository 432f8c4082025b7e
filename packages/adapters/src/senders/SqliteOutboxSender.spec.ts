/**
 * The outbox kept in the store's SQLite file: real files in a temp dir, the real store beside it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Result } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import type { OutgoingMessage } from "@buzon/core"
import { openSqliteEventStore } from "../sqlite/SqliteEventStore.js"
import { openSqliteOutboxSender, OutboxFileUnavailable } from "./SqliteOutboxSender.js"

const NOW = Date.parse("2026-03-11T16:00:00Z")
const code: OutgoingMessage = { channel: "email", to: "a@b.mx", subject: "Código", body: "123456", purpose: "verification-code" }
const aviso: OutgoingMessage = { channel: "sms", to: "+525512345678", subject: "Aviso", body: "Tiene una notificación", purpose: "aviso", notificationId: "n-1" }

describe("outbox sender kept in SQLite", () => {
  const dir = mkdtempSync(join(tmpdir(), "buzon-outbox-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  let files = 0
  /** A fresh store file, created by the store itself, as the example server does. */
  const storeFile = async (): Promise<string> => {
    const path = join(dir, `store-${(files += 1)}.db`)
    ;(await Effect.runPromise(openSqliteEventStore({ path }))).close()
    return path
  }

  it("keeps every message across closing and reopening, numbering on from the last", async () => {
    const path = await storeFile()
    const first = await Effect.runPromise(openSqliteOutboxSender({ path, now: () => NOW }))
    const receipts = [await Effect.runPromise(first.send(code)), await Effect.runPromise(first.send(aviso))]
    first.close()
    const reopened = await Effect.runPromise(openSqliteOutboxSender({ path, now: () => NOW + 1 }))
    const third = await Effect.runPromise(reopened.send({ ...code, body: "654321" }))
    expect({ receipts: [...receipts, third], messages: reopened.messages() }).toEqual({
      receipts: [{ providerId: "outbox-1", acceptedAt: NOW }, { providerId: "outbox-2", acceptedAt: NOW }, { providerId: "outbox-3", acceptedAt: NOW + 1 }],
      messages: [
        { providerId: "outbox-1", channel: "email", to: "a@b.mx", subject: "Código", body: "123456", purpose: "verification-code", sentAt: NOW },
        { providerId: "outbox-2", channel: "sms", to: "+525512345678", subject: "Aviso", body: "Tiene una notificación", purpose: "aviso", notificationId: "n-1", sentAt: NOW },
        { providerId: "outbox-3", channel: "email", to: "a@b.mx", subject: "Código", body: "654321", purpose: "verification-code", sentAt: NOW + 1 },
      ],
    })
    reopened.close()
  })

  it("deletes the oldest messages past its capacity, also when reopened with a smaller one", async () => {
    const path = await storeFile()
    const outbox = await Effect.runPromise(openSqliteOutboxSender({ path, now: () => NOW, capacity: 3 }))
    for (const body of ["1", "2", "3", "4"]) await Effect.runPromise(outbox.send({ ...code, body }))
    const kept = outbox.messages().map((m) => [m.providerId, m.body])
    outbox.close()
    const smaller = await Effect.runPromise(openSqliteOutboxSender({ path, now: () => NOW, capacity: 2 }))
    await Effect.runPromise(smaller.send({ ...code, body: "5" }))
    expect({ kept, afterReopen: smaller.messages().map((m) => [m.providerId, m.body]) }).toEqual({
      kept: [["outbox-2", "2"], ["outbox-3", "3"], ["outbox-4", "4"]],
      afterReopen: [["outbox-4", "4"], ["outbox-5", "5"]],
    })
    smaller.close()
  })

  it("stays out of the event store: no event is written, and the store opens the file again", async () => {
    const path = await storeFile()
    const outbox = await Effect.runPromise(openSqliteOutboxSender({ path, now: () => NOW }))
    await Effect.runPromise(outbox.send(code))
    const store = await Effect.runPromise(openSqliteEventStore({ path }))
    try {
      expect(await Effect.runPromise(store.store.readAll({ after: 0 }))).toEqual([])
    } finally {
      store.close()
      outbox.close()
    }
  })

  it("refuses a file the store did not create, leaving it untouched, and a missing one", async () => {
    const empty = join(dir, "empty.db")
    writeFileSync(empty, "")
    const missing = join(dir, "missing.db")
    const refusals = [
      await Effect.runPromise(Effect.result(openSqliteOutboxSender({ path: empty }))),
      await Effect.runPromise(Effect.result(openSqliteOutboxSender({ path: missing }))),
    ].map((r) => (Result.isFailure(r) ? { tag: r.failure._tag, path: r.failure.path } : "opened"))
    expect(refusals).toEqual([{ tag: "OutboxFileUnavailable", path: empty }, { tag: "OutboxFileUnavailable", path: missing }])
    // untouched: the store still takes the empty file as new
    ;(await Effect.runPromise(openSqliteEventStore({ path: empty }))).close()
  })

  it("refuses a capacity that is not a positive integer", async () => {
    const path = await storeFile()
    const refused = await Effect.runPromise(Effect.flip(openSqliteOutboxSender({ path, capacity: 0 })))
    expect(refused).toEqual(new OutboxFileUnavailable({ path, reason: "the capacity must be a positive integer, not 0" }))
  })
})
