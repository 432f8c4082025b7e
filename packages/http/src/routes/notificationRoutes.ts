/**
 * Notifications (DOMAIN §3): the institute deposits an act (operator, `Idempotency-Key`); the patrón
 * reads its inbox and opens an act with its e.firma (→ the acuse); either reads the evidence bundle.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { UnknownNotification } from "@buzon/core"
import type { Request, Router } from "express"
import { mayRead, ownsMailbox, requireCaller, requireEmployer, requireOperator } from "../auth/access.js"
import { decodeInput } from "../edge/decode.js"
import { etagOf, underIfMatch } from "../edge/etag.js"
import { IdempotencyKeyMissing } from "../edge/refusals.js"
import { json, route, sharedJson } from "../edge/reply.js"
import { DepositRequest, EvidencePath, NotificationPath, RfcPath, SignatureRequest } from "../edge/schemas.js"
import { bytesOf } from "./context.js"
import type { RouteContext } from "./context.js"

const idempotencyKeyOf = (req: Request): Effect.Effect<string, IdempotencyKeyMissing> => {
  const key = req.get("idempotency-key")?.trim()
  return key !== undefined && /^[\x21-\x7e]{1,200}$/.test(key) ? Effect.succeed(key) : Effect.fail(new IdempotencyKeyMissing())
}

/**
 * Mounts the notification routes.
 * @example notificationRoutes(router, ctx)
 * @since 0.1.0
 */
export const notificationRoutes = (router: Router, ctx: RouteContext): void => {
  const { backend, policy } = ctx

  router.post("/notifications", route((req) => Effect.gen(function* () {
    yield* requireOperator(policy, req)
    const idempotencyKey = yield* idempotencyKeyOf(req)
    const body = yield* decodeInput(DepositRequest, req.body ?? {})
    const deposited = yield* backend.deposit({ rfc: body.rfc, act: body.act, idempotencyKey, issuingUnit: body.issuingUnit ?? ctx.issuingUnit })
    // A retried deposit (same key, same act) answers the same notification, 200 instead of 201.
    return json(deposited.created ? 201 : 200, { notificationId: deposited.notificationId }, { Location: `/notifications/${deposited.notificationId}/evidence` })
  })))

  router.get("/mailboxes/:rfc/notifications", route((req) => Effect.gen(function* () {
    const caller = yield* requireCaller(policy, req)
    const { rfc } = yield* decodeInput(RfcPath, req.params)
    yield* mayRead(caller, rfc)
    return sharedJson(200, yield* backend.inbox(rfc)) // the same list while the inbox is unchanged: serialized once
  })))

  router.get("/mailboxes/:rfc/notifications/:id", route((req) => Effect.gen(function* () {
    const caller = yield* requireCaller(policy, req)
    const { rfc, id } = yield* decodeInput(NotificationPath, req.params)
    yield* mayRead(caller, rfc)
    const entry = yield* backend.notificationEntry(id)
    // Another RFC's act reads as unknown here: its id does not reveal that it exists.
    if (entry.value["rfc"] !== rfc) return yield* new UnknownNotification({ notificationId: id })
    return json(200, entry.value, { ETag: etagOf(entry.version) })
  })))

  router.post("/mailboxes/:rfc/notifications/:id/open", route((req) => Effect.gen(function* () {
    const session = yield* requireEmployer(policy, req)
    const { rfc, id } = yield* decodeInput(NotificationPath, req.params)
    yield* ownsMailbox(session, rfc)
    const { signature } = yield* decodeInput(SignatureRequest, req.body ?? {})
    const notification = yield* backend.notification(id)
    yield* ownsMailbox(session, notification.value.rfc)
    // If-Match pins the notification stream's version (the inbox line's ETag) in the command itself.
    const acuse = yield* underIfMatch(req, Effect.succeed(notification.version), (expected) =>
      backend.open(session.identity, bytesOf(session.certificate), id, bytesOf(signature), expected))
    const after = yield* backend.notification(id)
    return json(200, acuse, { ETag: etagOf(after.version) })
  })))

  router.get("/notifications/:id/evidence", route((req) => Effect.gen(function* () {
    const caller = yield* requireCaller(policy, req)
    const { id } = yield* decodeInput(EvidencePath, req.params)
    const notification = yield* backend.notification(id)
    yield* mayRead(caller, notification.value.rfc)
    return json(200, yield* backend.evidence(id), { ETag: etagOf(notification.version) })
  })))
}
