import { Effect, Result } from "effect"
import { SMTPServer } from "smtp-server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DispatchFailed } from "@buzon/core"
import { makeSmtpSender } from "./SmtpSender.js"

const NOW = Date.parse("2026-03-11T16:00:00Z")
interface Received { readonly from: string; readonly to: ReadonlyArray<string>; readonly raw: string }

describe("SMTP sender against a real local smtp-server", () => {
  const received: Array<Received> = []
  let server: SMTPServer
  let port = 0
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo(address, _session, callback) {
        // RFC 5321: 550 is a permanent refusal, 451 a transient one.
        if (address.address.startsWith("nobody@")) return callback(Object.assign(new Error("No such user"), { responseCode: 550 }))
        if (address.address.startsWith("busy@")) return callback(Object.assign(new Error("Try later"), { responseCode: 451 }))
        callback()
      },
      onData(stream, session, callback) {
        const chunks: Array<Buffer> = []
        stream.on("data", (chunk: Buffer) => chunks.push(chunk))
        stream.on("end", () => {
          const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address
          received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
    port = (server.server.address() as { port: number }).port
  })
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())))

  const sender = () => makeSmtpSender({ url: `smtp://127.0.0.1:${port}`, from: "buzon@imss.example", now: () => NOW, timeoutMs: 5_000 })

  it("delivers an aviso and answers the server's message id and the acceptance instant", async () => {
    const smtp = sender()
    const receipt = await Effect.runPromise(smtp.send({ channel: "email", to: "patron@empresa.mx", subject: "Aviso de notificación", body: "Tiene una notificación en su Buzón IMSS.", purpose: "aviso", notificationId: "n-1" }))
    smtp.close()
    expect(receipt.acceptedAt).toBe(NOW)
    expect(receipt.providerId).toMatch(/^<.+@imss\.example>$/)
    const mail = received.at(-1)!
    expect({ from: mail.from, to: mail.to }).toEqual({ from: "buzon@imss.example", to: ["patron@empresa.mx"] })
    expect(mail.raw).toContain(`Message-ID: ${receipt.providerId}`)
    expect(mail.raw).toContain("Tiene una notificaci")
  })

  it("turns a permanent refusal (550) into a non-retryable DispatchFailed", async () => {
    const smtp = sender()
    const result = await Effect.runPromise(Effect.result(smtp.send({ channel: "email", to: "nobody@empresa.mx", subject: "s", body: "b", purpose: "aviso" })))
    smtp.close()
    expect(Result.isFailure(result)).toBe(true)
    const failure = Result.isFailure(result) ? result.failure : undefined
    expect(failure).toBeInstanceOf(DispatchFailed)
    expect({ channel: failure?.channel, to: failure?.to, retryable: failure?.retryable }).toEqual({ channel: "email", to: "nobody@empresa.mx", retryable: false })
    expect(failure?.reason).toMatch(/550/)
  })

  it("turns a transient refusal (451) into a retryable DispatchFailed", async () => {
    const smtp = sender()
    const result = await Effect.runPromise(Effect.result(smtp.send({ channel: "email", to: "busy@empresa.mx", subject: "s", body: "b", purpose: "aviso" })))
    smtp.close()
    const failure = Result.isFailure(result) ? result.failure : undefined
    expect({ channel: failure?.channel, to: failure?.to, retryable: failure?.retryable }).toEqual({ channel: "email", to: "busy@empresa.mx", retryable: true })
    expect(failure?.reason).toMatch(/451/)
  })

  it("reports an unreachable server as retryable, without a raw exception", async () => {
    const smtp = makeSmtpSender({ url: "smtp://127.0.0.1:1", from: "buzon@imss.example", now: () => NOW, timeoutMs: 2_000 })
    const result = await Effect.runPromise(Effect.result(smtp.send({ channel: "email", to: "a@b.mx", subject: "s", body: "b", purpose: "aviso" })))
    smtp.close()
    const failure = Result.isFailure(result) ? result.failure : undefined
    expect(failure).toBeInstanceOf(DispatchFailed)
    expect(failure?.retryable).toBe(true)
    expect(failure?.message).toMatch(/^Could not send by email to a@b\.mx: /)
  })

  it("refuses an SMS handed to it as a wiring mistake", async () => {
    const smtp = sender()
    const result = await Effect.runPromise(Effect.result(smtp.send({ channel: "sms", to: "+525512345678", subject: "", body: "b", purpose: "aviso" })))
    smtp.close()
    expect(Result.isFailure(result) ? result.failure : undefined).toEqual(
      new DispatchFailed({ channel: "sms", to: "+525512345678", reason: "the SMTP sender only sends email", retryable: false }))
  })
})
