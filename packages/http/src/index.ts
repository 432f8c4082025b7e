/**
 * Public API. Named exports only, one section per area; add yours under your section.
 * @since 0.1.0
 */

// --- app ---
export { createHttpApp } from "./createHttpApp.js"
export type { HttpAppOptions } from "./createHttpApp.js"
export { defaultRateLimits } from "./auth/rateLimiter.js"
export type { Limit, RateLimits } from "./auth/rateLimiter.js"
export type { DevelopmentHooks, DevOutboxMessage } from "./routes/devRoutes.js"
export { openApiDocument } from "./openapi/document.js"
export { problemTable } from "./edge/problems.js"
export type { ApiRefusal, ProblemRow } from "./edge/problems.js"
export {
  BodyTooLarge, EmployerOnly, IdempotencyKeyMissing, MalformedJson, NotYourMailbox,
  OperatorCredentialRejected, PreconditionFailed, RateLimited, RequestInvalid, RouteNotFound, TokenExpired,
  TokenInvalid, Unauthenticated, UnsupportedMediaType, VerificationCodeRejected,
} from "./edge/refusals.js"
export type { EdgeRefusal } from "./edge/refusals.js"

