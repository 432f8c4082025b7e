/**
 * Development-only routes (never mounted in production mode): `GET /dev/outbox`, the messages the
 * outbox sender kept (verification codes are in their bodies), and `POST /dev/clock`, which sets
 * the server's clock so the deemed path can be tried without waiting days.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Router } from "express"
import { decodeInput } from "../edge/decode.js"
import { instantOf } from "../edge/instant.js"
import { json, route } from "../edge/reply.js"
import { ClockRequest } from "../edge/schemas.js"
import { isoOf } from "./context.js"

/** A message as `GET /dev/outbox` lists it. @since 0.1.0 */
export interface DevOutboxMessage {
  readonly channel: "email" | "sms"
  readonly to: string
  readonly subject: string
  readonly body: string
  readonly purpose: string
  readonly sentAt: number
}

/** What the development routes reach. @since 0.1.0 */
export interface DevelopmentHooks {
  readonly outbox: () => ReadonlyArray<DevOutboxMessage>
  /** Sets the server's clock to `now` (UTC epoch ms); time then runs on from there. Runs due work (avisos, deemed). */
  readonly setClock: (now: number) => Promise<void>
  readonly now: () => number
}

/**
 * Mounts the development routes.
 * @example devRoutes(router, { outbox: outbox.messages, setClock, now })
 * @since 0.1.0
 */
export const devRoutes = (router: Router, hooks: DevelopmentHooks): void => {
  router.get("/dev/outbox", (_req, res) => {
    const messages = hooks.outbox().map((m) => ({ channel: m.channel, to: m.to, subject: m.subject, body: m.body, purpose: m.purpose, sentAt: isoOf(m.sentAt) }))
    res.status(200).type("application/json").send(JSON.stringify(messages))
  })

  router.get("/dev/clock", route(() => Effect.succeed(json(200, { now: isoOf(hooks.now()) }))))

  router.post("/dev/clock", route((req) => Effect.gen(function* () {
    const { now } = yield* decodeInput(ClockRequest, req.body ?? {})
    const instant = yield* instantOf(now, "now")
    yield* Effect.promise(() => hooks.setClock(instant))
    return json(200, { now: isoOf(hooks.now()) })
  })))
}
