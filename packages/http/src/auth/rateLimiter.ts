/**
 * Attempt limits on logins and verification codes, per RFC and per network address (issue #6):
 * a fixed window per key. In-memory, so per process; a cluster would put it in a shared store.
 *
 * @since 0.1.0
 */

/** A limit: at most `max` attempts per `windowMs`. @since 0.1.0 */
export interface Limit {
  readonly max: number
  readonly windowMs: number
}

/** The limits the app applies; each has a default. @since 0.1.0 */
export interface RateLimits {
  /** Challenge logins per network address (default 30 per minute). */
  readonly loginPerAddress: Limit
  /** Session attempts per RFC (default 10 per 15 minutes). */
  readonly loginPerRfc: Limit
  /** Verification-code attempts per RFC (default 10 per hour); the core also locks a code after 5 wrong tries. */
  readonly codePerRfc: Limit
  /** Verification-code attempts per network address (default 30 per hour). */
  readonly codePerAddress: Limit
}

/**
 * Defaults ([D]): generous for people, tight for scripts.
 * @example createHttpApp({ …, rateLimits: { codePerRfc: { max: 5, windowMs: 3_600_000 } } }) // the others keep these defaults
 * @since 0.1.0
 */
export const defaultRateLimits: RateLimits = {
  loginPerAddress: { max: 30, windowMs: 60_000 },
  loginPerRfc: { max: 10, windowMs: 15 * 60_000 },
  codePerRfc: { max: 10, windowMs: 3_600_000 },
  codePerAddress: { max: 30, windowMs: 3_600_000 },
}

/** A counter of attempts per key. @since 0.1.0 */
export interface RateLimiter {
  /** Counts one attempt; answers the seconds to wait when over the limit, else undefined. */
  readonly hit: (key: string, limit: Limit, now: number) => number | undefined
}

/**
 * A fixed-window limiter; windows that ended are swept as keys are hit, so memory stays bounded by active keys.
 * @example
 * const limiter = makeRateLimiter()
 * limiter.hit("code:EKU9003173C9", { max: 1, windowMs: 60_000 }, 0) // => undefined
 * limiter.hit("code:EKU9003173C9", { max: 1, windowMs: 60_000 }, 1_000) // => 59
 * @since 0.1.0
 */
export const makeRateLimiter = (): RateLimiter => {
  const windows = new Map<string, { readonly startedAt: number; readonly windowMs: number; count: number }>()
  let sweptAt = 0
  const sweep = (now: number) => {
    if (now - sweptAt < 60_000) return
    sweptAt = now
    for (const [key, window] of windows) if (now >= window.startedAt + window.windowMs) windows.delete(key)
  }
  return {
    hit: (key, limit, now) => {
      sweep(now)
      const current = windows.get(key)
      if (current === undefined || now >= current.startedAt + current.windowMs || now < current.startedAt) {
        windows.set(key, { startedAt: now, windowMs: limit.windowMs, count: 1 })
        return limit.max >= 1 ? undefined : Math.ceil(limit.windowMs / 1000)
      }
      current.count += 1
      return current.count > limit.max ? Math.max(1, Math.ceil((current.startedAt + current.windowMs - now) / 1000)) : undefined
    },
  }
}
