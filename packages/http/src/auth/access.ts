/**
 * Who is calling: an employer with a session token (its e.firma login), or an institute operator
 * with the configured operator token. An employer sees only its own mailbox (issue #6).
 *
 * @since 0.1.0
 */
import { Effect, Result } from "effect"
import type { Request } from "express"
import { EmployerOnly, NotYourMailbox, OperatorCredentialRejected, Unauthenticated } from "../edge/refusals.js"
import type { TokenExpired, TokenInvalid } from "../edge/refusals.js"
import { operatorTokenMatches } from "./sessionToken.js"
import type { SessionClaims, SessionTokens } from "./sessionToken.js"

/** A caller the server recognised. @since 0.1.0 */
export type Caller =
  | { readonly kind: "employer"; readonly session: SessionClaims }
  | { readonly kind: "operator" }

/** What checking a caller needs. @since 0.1.0 */
export interface AccessPolicy {
  readonly tokens: SessionTokens
  readonly operatorToken: string
  readonly now: () => number
}

const bearerOf = (req: Request): string | undefined => {
  const header = req.get("authorization")
  const match = header === undefined ? null : /^Bearer[ ]+([^\s]{1,8192})$/i.exec(header.trim())
  return match?.[1]
}

/**
 * An employer session, from `Authorization: Bearer <session token>`.
 * @example yield* requireEmployer(policy, req) // => { identity, certificate, expiresAt }
 * @since 0.1.0
 */
export const requireEmployer = (policy: AccessPolicy, req: Request): Effect.Effect<SessionClaims, Unauthenticated | TokenInvalid | TokenExpired | EmployerOnly> => {
  const token = bearerOf(req)
  if (token === undefined) return Effect.fail(new Unauthenticated({ scheme: "employer" }))
  // An operator acts for the institute; enrolling, signing and opening need the patrón's own e.firma.
  if (operatorTokenMatches(policy.operatorToken, token)) return Effect.fail(new EmployerOnly())
  const verified = policy.tokens.verify(token, policy.now())
  return Result.isFailure(verified) ? Effect.fail(verified.failure) : Effect.succeed(verified.success)
}

/**
 * An institute operator, from `Authorization: Bearer <BUZON_OPERATOR_TOKEN>`.
 * @example yield* requireOperator(policy, req)
 * @since 0.1.0
 */
export const requireOperator = (policy: AccessPolicy, req: Request): Effect.Effect<void, Unauthenticated | OperatorCredentialRejected> => {
  const token = bearerOf(req)
  if (token === undefined) return Effect.fail(new Unauthenticated({ scheme: "operator" }))
  return operatorTokenMatches(policy.operatorToken, token) ? Effect.void : Effect.fail(new OperatorCredentialRejected())
}

/**
 * An operator or an employer: the operator token is tried first, then the session token.
 * @example yield* requireCaller(policy, req) // => { kind: "operator" }
 * @since 0.1.0
 */
export const requireCaller = (policy: AccessPolicy, req: Request): Effect.Effect<Caller, Unauthenticated | TokenInvalid | TokenExpired> => {
  const token = bearerOf(req)
  if (token === undefined) return Effect.fail(new Unauthenticated({ scheme: "either" }))
  if (operatorTokenMatches(policy.operatorToken, token)) return Effect.succeed({ kind: "operator" })
  const verified = policy.tokens.verify(token, policy.now())
  return Result.isFailure(verified) ? Effect.fail(verified.failure) : Effect.succeed({ kind: "employer", session: verified.success })
}

/**
 * Passes for an operator, or for the employer whose RFC is `rfc`.
 * @example yield* mayRead(caller, "EKU9003173C9")
 * @since 0.1.0
 */
export const mayRead = (caller: Caller, rfc: string): Effect.Effect<void, NotYourMailbox> =>
  caller.kind === "operator" || caller.session.identity.rfc === rfc ? Effect.void : Effect.fail(new NotYourMailbox({ rfc: caller.session.identity.rfc }))

/**
 * Passes for the employer whose RFC is `rfc`.
 * @example yield* ownsMailbox(session, "EKU9003173C9")
 * @since 0.1.0
 */
export const ownsMailbox = (session: SessionClaims, rfc: string): Effect.Effect<void, NotYourMailbox> =>
  session.identity.rfc === rfc ? Effect.void : Effect.fail(new NotYourMailbox({ rfc: session.identity.rfc }))

/**
 * The network address the rate limits count against (express's `req.ip`, which honours `trust proxy`).
 * @example addressOf(req) // => "127.0.0.1"
 * @since 0.1.0
 */
export const addressOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? "unknown"
