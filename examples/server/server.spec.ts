/**
 * The example server as `npm start` runs it (development mode, SQLite in a fresh folder): it
 * serves the docs, makes demo credentials a client can log in with, lists the outbox (kept in the
 * SQLite file, so again after a restart), and closes the store on shutdown (the file opens again afterwards).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Result } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { readPrivateKey, sign } from "@buzon/core"
import { openSqliteEventStore } from "@buzon/adapters"
import { readConfig } from "./config.js"
import { startServer } from "./wiring.js"
import type { RunningServer } from "./wiring.js"

/** Logs in with the demo employer FIEL: the `POST /auth/session` response. */
const sessionOf = async (running: RunningServer): Promise<Response> => {
  const demo = running.demo!
  const key = readPrivateKey(demo.employer.privateKey, demo.employer.password)
  if (Result.isFailure(key)) throw new Error(key.failure.message)
  const challenge = await (await fetch(`${running.url}/auth/challenge`, { method: "POST" })).json() as { challengeId: string; nonce: string }
  return fetch(`${running.url}/auth/session`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ challengeId: challenge.challengeId, certificate: Buffer.from(demo.employer.certificate).toString("base64"), signature: Buffer.from(sign(key.success, challenge.nonce)).toString("base64") }),
  })
}

const login = async (running: RunningServer): Promise<string> => ((await (await sessionOf(running)).json()) as { token: string }).token

describe("example server", () => {
  const cwd = mkdtempSync(join(tmpdir(), "buzon-example-"))
  afterAll(() => rmSync(cwd, { recursive: true, force: true }))

  it("serves the API with demo credentials, and closes the store on shutdown", async () => {
    const config = readConfig({ PORT: "0" }, cwd)
    const running = await startServer(config, () => undefined)
    try {
      const docs = await fetch(`${running.url}/docs`)
      expect({ status: docs.status, type: docs.headers.get("content-type") }).toEqual({ status: 200, type: "text/html; charset=utf-8" })
      const session = await sessionOf(running)
      expect({ status: session.status, rfc: ((await session.json()) as { rfc: string }).rfc }).toEqual({ status: 201, rfc: "KEM900101AB1" })
      expect(await (await fetch(`${running.url}/dev/outbox`)).json()).toEqual([])
    } finally {
      await running.close()
    }
    const reopened = await Effect.runPromise(openSqliteEventStore({ path: join(cwd, "data/buzon.db") }))
    reopened.close()
  })

  it("keeps the outbox in the SQLite file: GET /dev/outbox lists the same messages after a restart", async () => {
    const config = readConfig({ PORT: "0" }, cwd)
    const first = await startServer(config, () => undefined)
    let before: unknown
    try {
      const token = await login(first)
      const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" }
      const mailbox = await fetch(`${first.url}/mailboxes`, { method: "POST", headers: auth })
      const contact = await fetch(`${first.url}/mailboxes/KEM900101AB1/contacts`, { method: "POST", headers: auth, body: JSON.stringify({ kind: "email", address: "restart@empresa.mx" }) })
      expect([mailbox.status, contact.status]).toEqual([201, 201])
      before = await (await fetch(`${first.url}/dev/outbox`)).json()
      const sent = (before as Array<{ channel: string; to: string; purpose: string; body: string }>).filter((m) => m.to === "restart@empresa.mx")
      expect(sent.map((m) => ({ channel: m.channel, to: m.to, purpose: m.purpose, hasCode: /\b[0-9]{6}\b/.test(m.body) })))
        .toEqual([{ channel: "email", to: "restart@empresa.mx", purpose: "verification-code", hasCode: true }])
    } finally {
      await first.close()
    }
    const second = await startServer(config, () => undefined)
    try {
      expect(await (await fetch(`${second.url}/dev/outbox`)).json()).toEqual(before)
    } finally {
      await second.close()
    }
  })

  it("keeps the development routes when both providers are configured: the clock moves, the outbox lists nothing", async () => {
    const config = readConfig({ PORT: "0", BUZON_SMTP_URL: "smtp://127.0.0.1:1", BUZON_SMS_URL: "http://127.0.0.1:1/sms" }, cwd)
    const running = await startServer(config, () => undefined)
    try {
      const clock = await fetch(`${running.url}/dev/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: "2026-12-04T09:30:00-06:00" }) })
      // The clock runs on from the instant set: to the minute, it is that instant.
      expect({ status: clock.status, minute: ((await clock.json()) as { now: string }).now.slice(0, 16) }).toEqual({ status: 200, minute: "2026-12-04T15:30" })
      expect(await (await fetch(`${running.url}/dev/outbox`)).json()).toEqual([])
    } finally {
      await running.close()
    }
  })

  it("has no development routes in production mode", async () => {
    const config = { ...readConfig({ PORT: "0" }, cwd), development: false }
    const demo = join(cwd, "data/demo") // made by the development run above
    const institute = { certificate: join(demo, "institute.cer"), key: join(demo, "institute.key"), password: "12345678a" }
    const running = await startServer({ ...config, institute, smtpUrl: "smtp://127.0.0.1:1", smsUrl: "http://127.0.0.1:1/sms" }, () => undefined)
    try {
      const outbox = await fetch(`${running.url}/dev/outbox`)
      expect({ status: outbox.status, type: ((await outbox.json()) as { type: string }).type }).toEqual({ status: 404, type: "/problems/RouteNotFound" })
      expect(running.demo).toBe(undefined)
    } finally {
      await running.close()
    }
  })
})
