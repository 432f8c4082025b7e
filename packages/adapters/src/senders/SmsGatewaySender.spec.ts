import { createServer } from "node:http"
import type { Server } from "node:http"
import { Effect, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DispatchFailed } from "@buzon/core"
import { makeSmsGatewaySender } from "./SmsGatewaySender.js"

const NOW = Date.parse("2026-03-11T16:00:00Z")
interface Hit { readonly path: string; readonly authorization: string | undefined; readonly body: unknown }

describe("SMS gateway sender against a local HTTP receiver", () => {
  const hits: Array<Hit> = []
  let server: Server
  let base = ""
  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = ""
      req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")))
      req.on("end", () => {
        hits.push({ path: req.url ?? "", authorization: req.headers.authorization, body: JSON.parse(text) })
        const to = (JSON.parse(text) as { to: string }).to
        if (to === "+520000000000") return res.writeHead(422, { "content-type": "application/json" }).end('{"error":"invalid number"}')
        if (to === "+521111111111") return res.writeHead(503).end("overloaded")
        if (to === "+522222222222") return res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}')
        res.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ id: `gw-${hits.length}` }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())))

  const sms = (to: string) => ({ channel: "sms" as const, to, subject: "Código", body: "Su código es 123456", purpose: "verification-code" as const })

  it("posts the JSON webhook with the bearer token and answers the gateway's id", async () => {
    const sender = makeSmsGatewaySender({ url: `${base}/sms`, token: "s3cret", now: () => NOW })
    const receipt = await Effect.runPromise(sender.send({ ...sms("+525512345678"), purpose: "aviso", notificationId: "n-7" }))
    expect(receipt).toEqual({ providerId: `gw-${hits.length}`, acceptedAt: NOW })
    expect(hits.at(-1)).toEqual({ path: "/sms", authorization: "Bearer s3cret",
      body: { to: "+525512345678", body: "Su código es 123456", purpose: "aviso", notificationId: "n-7" } })
  })

  it("sends URL credentials as Basic authorization, not in the URL", async () => {
    const sender = makeSmsGatewaySender({ url: base.replace("http://", "http://user:p%40ss@") + "/hook", now: () => NOW })
    await Effect.runPromise(sender.send(sms("+525512345678")))
    expect(hits.at(-1)?.authorization).toBe(`Basic ${Buffer.from("user:p@ss").toString("base64")}`)
    expect(hits.at(-1)?.path).toBe("/hook")
  })

  const failureOf = async (to: string, url = `${base}/sms`) => {
    const result = await Effect.runPromise(Effect.result(makeSmsGatewaySender({ url, now: () => NOW, timeoutMs: 2_000 }).send(sms(to))))
    return Result.isFailure(result) ? result.failure : undefined
  }

  it("treats a 4xx as a permanent refusal", async () =>
    expect(await failureOf("+520000000000")).toEqual(new DispatchFailed({ channel: "sms", to: "+520000000000",
      reason: 'the SMS gateway answered 422: {"error":"invalid number"}', retryable: false })))

  it("treats a 5xx as retryable", async () =>
    expect(await failureOf("+521111111111")).toEqual(new DispatchFailed({ channel: "sms", to: "+521111111111",
      reason: "the SMS gateway answered 503: overloaded", retryable: true })))

  it("refuses an answer without an id: there would be no proof of sending", async () =>
    expect(await failureOf("+522222222222")).toEqual(new DispatchFailed({ channel: "sms", to: "+522222222222",
      reason: "the SMS gateway's answer has no id", retryable: false })))

  it("treats an unreachable gateway as retryable", async () => {
    const failure = await failureOf("+525512345678", "http://127.0.0.1:1/sms")
    expect({ retryable: failure?.retryable, channel: failure?.channel }).toEqual({ retryable: true, channel: "sms" })
    expect(failure?.reason).toMatch(/^the SMS gateway could not be reached: /)
  })
})
