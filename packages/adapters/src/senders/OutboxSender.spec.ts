import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { makeOutboxSender } from "./OutboxSender.js"
import { routeByChannel } from "./routeByChannel.js"

const NOW = Date.parse("2026-03-11T16:00:00Z")

describe("outbox sender", () => {
  it("keeps every message, oldest first, with the instant it was sent", async () => {
    const outbox = makeOutboxSender({ now: () => NOW })
    const first = await Effect.runPromise(outbox.send({ channel: "email", to: "a@b.mx", subject: "Código", body: "123456", purpose: "verification-code" }))
    await Effect.runPromise(outbox.send({ channel: "sms", to: "+525512345678", subject: "Aviso", body: "Tiene una notificación", purpose: "aviso", notificationId: "n-1" }))
    expect(first).toEqual({ providerId: "outbox-1", acceptedAt: NOW })
    expect(outbox.messages()).toEqual([
      { providerId: "outbox-1", channel: "email", to: "a@b.mx", subject: "Código", body: "123456", purpose: "verification-code", sentAt: NOW },
      { providerId: "outbox-2", channel: "sms", to: "+525512345678", subject: "Aviso", body: "Tiene una notificación", purpose: "aviso", notificationId: "n-1", sentAt: NOW },
    ])
  })

  it("drops the oldest messages past its capacity", async () => {
    const outbox = makeOutboxSender({ now: () => NOW, capacity: 2 })
    for (const body of ["1", "2", "3"]) await Effect.runPromise(outbox.send({ channel: "email", to: "a@b.mx", subject: "s", body, purpose: "aviso" }))
    expect(outbox.messages().map((m) => m.body)).toEqual(["2", "3"])
  })

  it("routes each channel to its own sender", async () => {
    const email = makeOutboxSender({ now: () => NOW })
    const sms = makeOutboxSender({ now: () => NOW + 1 })
    const sender = routeByChannel({ email, sms })
    await Effect.runPromise(sender.send({ channel: "sms", to: "+525512345678", subject: "s", body: "b", purpose: "aviso" }))
    expect({ email: email.messages(), sms: sms.messages() }).toEqual({ email: [],
      sms: [{ providerId: "outbox-1", channel: "sms", to: "+525512345678", subject: "s", body: "b", purpose: "aviso", sentAt: NOW + 1 }] })
  })
})
