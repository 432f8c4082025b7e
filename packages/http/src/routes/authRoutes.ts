/**
 * `POST /auth/challenge` and `POST /auth/session`: the e.firma challenge login. The caller signs the
 * nonce's UTF-8 bytes with its FIEL; the server checks the certificate (a FIEL, valid now, from a
 * trusted CA) and the signature, spends the challenge, and answers a short-lived session token.
 *
 * @since 0.1.0
 */
import { Effect, Result } from "effect"
import { readCertificate } from "@buzon/core"
import type { Router } from "express"
import { addressOf } from "../auth/access.js"
import { decodeInput } from "../edge/decode.js"
import { json, route } from "../edge/reply.js"
import { SessionRequest } from "../edge/schemas.js"
import { bytesOf, countAttempt, isoOf } from "./context.js"
import type { RouteContext } from "./context.js"

/**
 * Mounts the login routes.
 * @example authRoutes(router, ctx)
 * @since 0.1.0
 */
export const authRoutes = (router: Router, ctx: RouteContext): void => {
  router.post("/auth/challenge", route((req) => Effect.gen(function* () {
    yield* countAttempt(ctx, [[`login:address:${addressOf(req)}`, ctx.limits.loginPerAddress]])
    const challenge = yield* ctx.backend.issueChallenge()
    return json(201, { challengeId: challenge.challengeId, nonce: challenge.nonce, expiresAt: isoOf(challenge.expiresAt) })
  })))

  router.post("/auth/session", route((req) => Effect.gen(function* () {
    yield* countAttempt(ctx, [[`login:address:${addressOf(req)}`, ctx.limits.loginPerAddress]])
    const body = yield* decodeInput(SessionRequest, req.body ?? {})
    const certificate = bytesOf(body.certificate)
    // Issue #6: logins are limited per RFC too, counted before the signature is checked (failures count).
    const presented = readCertificate(certificate)
    if (Result.isSuccess(presented)) yield* countAttempt(ctx, [[`login:rfc:${presented.success.rfc}`, ctx.limits.loginPerRfc]])
    const identity = yield* ctx.backend.acceptChallenge({ challengeId: body.challengeId, certificate, signature: bytesOf(body.signature) })
    const { token, expiresAt } = ctx.policy.tokens.issue(identity, certificate, ctx.policy.now())
    return json(201, { token, rfc: identity.rfc, legalName: identity.legalName, certificateNumber: identity.certificateNumber, expiresAt: isoOf(expiresAt) })
  })))
}
