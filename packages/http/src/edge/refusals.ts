/**
 * Refusals the HTTP edge itself makes, before or around the core: who is calling, what they sent,
 * how often. Each is tagged data with a stable tag (the problem `type`) and a message for the caller;
 * `problems.ts` alone maps them to HTTP statuses.
 *
 * @since 0.1.0
 */
import { Data } from "effect"

/**
 * No credential was presented where one is needed.
 * @example new Unauthenticated({ scheme: "operator" })._tag // => "Unauthenticated" (problem type /problems/Unauthenticated, 401)
 * @since 0.1.0
 */
export class Unauthenticated extends Data.TaggedError("Unauthenticated")<{ readonly scheme: "employer" | "operator" | "either" }> {
  override get message() {
    return this.scheme === "operator"
      ? "This route is for institute operators: send `Authorization: Bearer <operator token>`."
      : "Sign in first: POST /auth/challenge, sign the nonce with your e.firma, POST /auth/session, then send `Authorization: Bearer <token>`."
  }
}

/**
 * The bearer token is not one this server signed (tampered, truncated or from another server).
 * @example new TokenInvalid().message // => "The bearer token is not valid: sign in again."
 * @since 0.1.0
 */
export class TokenInvalid extends Data.TaggedError("TokenInvalid")<{}> {
  override get message() { return "The bearer token is not valid: sign in again." }
}

/**
 * The session token outlived its lifetime.
 * @example new TokenExpired({ expiredAt: 1764504900000 }).message // => "The session expired at 2025-11-30T12:15:00.000Z: sign in again."
 * @since 0.1.0
 */
export class TokenExpired extends Data.TaggedError("TokenExpired")<{ readonly expiredAt: number }> {
  override get message() { return `The session expired at ${new Date(this.expiredAt).toISOString()}: sign in again.` }
}

/**
 * The operator credential is wrong.
 * @example new OperatorCredentialRejected().message // => "The operator credential is not valid."
 * @since 0.1.0
 */
export class OperatorCredentialRejected extends Data.TaggedError("OperatorCredentialRejected")<{}> {
  override get message() { return "The operator credential is not valid." }
}

/**
 * An employer asked for a mailbox or notification that is not its own.
 * @example new NotYourMailbox({ rfc: "FUNK671228PH6" }).message // => "Your session is for FUNK671228PH6; you may only act on your own mailbox."
 * @since 0.1.0
 */
export class NotYourMailbox extends Data.TaggedError("NotYourMailbox")<{ readonly rfc: string }> {
  override get message() { return `Your session is for ${this.rfc}; you may only act on your own mailbox.` }
}

/**
 * An operator called a route only the patrón may use (it needs an e.firma session).
 * @example new EmployerOnly().message // => "Only the patrón, signed in with e.firma, may do this."
 * @since 0.1.0
 */
export class EmployerOnly extends Data.TaggedError("EmployerOnly")<{}> {
  override get message() { return "Only the patrón, signed in with e.firma, may do this." }
}

/**
 * The body, path or query did not match the route's schema. `issues` says where and why.
 * @example new RequestInvalid({ issues: "Missing key at [\"code\"]" }).message // => "The request is not valid: Missing key at [\"code\"]"
 * @since 0.1.0
 */
export class RequestInvalid extends Data.TaggedError("RequestInvalid")<{ readonly issues: string }> {
  override get message() { return `The request is not valid: ${this.issues}` }
}

/**
 * The body is not JSON text.
 * @example new MalformedJson().message // => "The body is not valid JSON."
 * @since 0.1.0
 */
export class MalformedJson extends Data.TaggedError("MalformedJson")<{}> {
  override get message() { return "The body is not valid JSON." }
}

/**
 * The body is larger than the route accepts.
 * @example new BodyTooLarge({ limitBytes: 65536 }).message // => "The body is larger than 65536 bytes."
 * @since 0.1.0
 */
export class BodyTooLarge extends Data.TaggedError("BodyTooLarge")<{ readonly limitBytes: number }> {
  override get message() { return `The body is larger than ${this.limitBytes} bytes.` }
}

/**
 * A body came with another media type than JSON.
 * @example new UnsupportedMediaType({ contentType: "text/plain" }).message // => "Send JSON (Content-Type: application/json), not text/plain."
 * @since 0.1.0
 */
export class UnsupportedMediaType extends Data.TaggedError("UnsupportedMediaType")<{ readonly contentType: string }> {
  override get message() { return `Send JSON (Content-Type: application/json), not ${this.contentType || "an unlabelled body"}.` }
}

/**
 * No route has this method and path.
 * @example new RouteNotFound({ method: "GET", path: "/nope" }).message // => "There is no GET /nope; see /docs."
 * @since 0.1.0
 */
export class RouteNotFound extends Data.TaggedError("RouteNotFound")<{ readonly method: string; readonly path: string }> {
  override get message() { return `There is no ${this.method} ${this.path}; see /docs.` }
}

/**
 * Too many attempts (logins or verification codes) for this RFC or network address.
 * @example new RateLimited({ scope: "code per rfc", retryAfterSeconds: 60 }).message // => "Too many attempts (code per rfc); try again in 60 s."
 * @since 0.1.0
 */
export class RateLimited extends Data.TaggedError("RateLimited")<{ readonly scope: string; readonly retryAfterSeconds: number }> {
  override get message() { return `Too many attempts (${this.scope}); try again in ${this.retryAfterSeconds} s.` }
}

/**
 * `If-Match` named another version than the resource's current one.
 * @example new PreconditionFailed({ currentETag: 'W/"3"', ifMatch: 'W/"2"' }).message // => 'The resource is at W/"3", not W/"2": read it again before changing it.'
 * @since 0.1.0
 */
export class PreconditionFailed extends Data.TaggedError("PreconditionFailed")<{ readonly currentETag: string; readonly ifMatch: string }> {
  override get message() { return `The resource is at ${this.currentETag}, not ${this.ifMatch}: read it again before changing it.` }
}

/**
 * A deposit came without an `Idempotency-Key`, so a retry could deposit the act twice.
 * @example new IdempotencyKeyMissing()._tag // => "IdempotencyKeyMissing" (428)
 * @since 0.1.0
 */
export class IdempotencyKeyMissing extends Data.TaggedError("IdempotencyKeyMissing")<{}> {
  override get message() { return "Send an Idempotency-Key header (1–200 visible characters) with every deposit." }
}

/**
 * The code typed does not match: a fact the core records (5 wrong tries lock the code), answered as a refusal.
 * @example new VerificationCodeRejected({ contactId: "c-1", attempt: 2, attemptsLeft: 3 }).message // => "The code does not match; 3 attempt(s) left before it is locked."
 * @since 0.1.0
 */
export class VerificationCodeRejected extends Data.TaggedError("VerificationCodeRejected")<{ readonly contactId: string; readonly attempt: number; readonly attemptsLeft: number }> {
  override get message() {
    return this.attemptsLeft > 0
      ? `The code does not match; ${this.attemptsLeft} attempt(s) left before it is locked.`
      : "The code does not match, and it is now locked: request a new one."
  }
}

/** Every refusal the edge makes. @since 0.1.0 */
export type EdgeRefusal =
  | Unauthenticated | TokenInvalid | TokenExpired | OperatorCredentialRejected | NotYourMailbox | EmployerOnly
  | RequestInvalid | MalformedJson | BodyTooLarge | UnsupportedMediaType | RouteNotFound | RateLimited
  | PreconditionFailed | IdempotencyKeyMissing | VerificationCodeRejected
