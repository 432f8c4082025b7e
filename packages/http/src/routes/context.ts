/**
 * What every route module shares: the backend, the access policy, the session tokens and the
 * attempt limiter. Built once by `createHttpApp`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { AccessPolicy } from "../auth/access.js"
import type { Limit, RateLimiter, RateLimits } from "../auth/rateLimiter.js"
import type { BuzonBackend } from "../backend.js"
import { RateLimited } from "../edge/refusals.js"

/** The shared context of the routes. @since 0.1.0 */
export interface RouteContext {
  readonly backend: BuzonBackend
  readonly policy: AccessPolicy
  readonly limiter: RateLimiter
  readonly limits: RateLimits
  /** The issuing unit recorded on deposits that do not name one. */
  readonly issuingUnit: string
}

/**
 * Counts one attempt under each key; fails with `RateLimited` on the first key over its limit.
 * @example yield* countAttempt(ctx, [["code:rfc:EKU9003173C9", ctx.limits.codePerRfc]])
 * @since 0.1.0
 */
export const countAttempt = (ctx: RouteContext, keys: ReadonlyArray<readonly [string, Limit]>): Effect.Effect<void, RateLimited> =>
  Effect.suspend(() => {
    const now = ctx.policy.now()
    for (const [key, limit] of keys) {
      const wait = ctx.limiter.hit(key, limit, now)
      if (wait !== undefined) return Effect.fail(new RateLimited({ scope: key.split(":").slice(0, 2).join(" per "), retryAfterSeconds: wait }))
    }
    return Effect.void
  })

/**
 * Base64 text (already checked by the schema) as bytes.
 * @example bytesOf("AQID") // => Uint8Array [1, 2, 3]
 * @since 0.1.0
 */
export const bytesOf = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, "base64"))

/**
 * An instant as the API writes it: ISO 8601 in UTC.
 * @example isoOf(0) // => "1970-01-01T00:00:00.000Z"
 * @since 0.1.0
 */
export const isoOf = (instant: number): string => new Date(instant).toISOString()
