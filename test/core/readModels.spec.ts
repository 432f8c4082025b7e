/** The read models kept live from `subscribeAll`, and caught up in pages from `readAll`. */
import { Clock, Effect, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore } from "../../packages/core/src/eventstore/EventStore.js"
import { makeMemoryEventStore } from "../../packages/core/src/eventstore/memory.js"
import { ActDeposited } from "../../packages/core/src/notification/events.js"
import { notificationCodec } from "../../packages/core/src/notification/decider.js"
import { makeReadModels } from "../../packages/core/src/app/readModels.js"
import { clockFrom } from "../../packages/core/src/app/clock.js"
import { sign } from "@buzon/core"
import { makeTestBuzon } from "@buzon/core/testing"
import { mx } from "./support.js"

const deposit = (i: number) =>
  new ActDeposited({ notificationId: `n${i}`, idempotencyKey: `k${i}`, rfc: "EKU9003173C9", actType: "oficio", reference: `OF-${i}`, contentSha256: "a".repeat(64), issuingUnit: "u", depositedAt: mx("2026-03-11T08:00") + i, avisoDueAt: mx("2026-03-11T09:30"), calendarVersion: "c", ruleSetVersion: "r" })
const appendDeposit = (i: number) =>
  Effect.flatMap(Effect.service(EventStore), (store) => store.append(`notification-n${i}`, 0, [{ ...notificationCodec.encode(deposit(i)), metadata: {} }]))

describe("makeReadModels", () => {
  it("catches up across pages, ignores other streams, and then follows new appends live", async () => {
    const store = makeMemoryEventStore()
    const models = makeReadModels(notificationCodec)
    const program = Effect.gen(function* () {
      for (let i = 0; i < 10_005; i++) yield* appendDeposit(i)
      yield* store.append("mailbox-EKU9003173C9", 0, [{ type: "EnrollmentStarted", data: {}, metadata: {} }])
      yield* models.catchUp
      const caughtUp = { position: models.position(), pending: models.due.avisos.size() }
      const follower = yield* Effect.forkChild(models.follow)
      yield* appendDeposit(20_000)
      yield* Effect.sleep(1) // let the follower run
      for (let tries = 0; tries < 100 && models.position() < 10_007; tries++) yield* Effect.yieldNow
      yield* Fiber.interrupt(follower)
      return { caughtUp, followed: { position: models.position(), pending: models.due.avisos.size(), inbox: models.inbox.inbox("EKU9003173C9").length } }
    })
    const result = await Effect.runPromise(program.pipe(Effect.provideService(EventStore, store), Effect.provideService(Clock.Clock, clockFrom(() => mx("2026-03-11T08:00"), { sleeps: "real" }))))
    expect(result).toEqual({ caughtUp: { position: 10_006, pending: 10_005 }, followed: { position: 10_007, pending: 10_006, inbox: 10_006 } })
  })
})

describe("makeTestBuzon", () => {
  it("wires a whole Buzón in memory: a generated FIEL logs in and enrolls, the clock is the one set", async () => {
    const t = makeTestBuzon({ start: mx("2026-03-11T10:00") })
    const fiel = t.fiel("EKU9003173C9", "ESCUELA KEMPER URGATE SA DE CV", { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" })
    const { challengeId, nonce } = await t.buzon.challenge()
    const { identity, mailbox } = await t.buzon.enroll({ challengeId, certificate: fiel.certificate, signature: sign(fiel.credential, nonce) })
    expect({ rfc: identity.rfc, representative: identity.representative, status: mailbox.status }).toEqual({ rfc: "EKU9003173C9", representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" }, status: "enrolling" })
    const [started] = await Effect.runPromise(t.store.readStream("mailbox-EKU9003173C9"))
    expect(started?.metadata).toMatchObject({ decidedAt: mx("2026-03-11T10:00"), actor: { kind: "efirma", rfc: "EKU9003173C9", representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" } } })
  })
})
