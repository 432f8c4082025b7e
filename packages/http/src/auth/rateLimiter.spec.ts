import { describe, expect, it } from "vitest"
import { makeRateLimiter } from "./rateLimiter.js"

describe("attempt limiter", () => {
  const limit = { max: 3, windowMs: 60_000 }

  it("allows max attempts per window, then answers the seconds left, then opens a new window", () => {
    const limiter = makeRateLimiter()
    const answers = [0, 1_000, 2_000, 3_000, 30_500].map((t) => limiter.hit("code:rfc:EKU9003173C9", limit, t))
    expect(answers).toEqual([undefined, undefined, undefined, 57, 30])
    expect(limiter.hit("code:rfc:EKU9003173C9", limit, 60_000)).toBe(undefined)
  })

  it("counts each key apart", () => {
    const limiter = makeRateLimiter()
    for (let i = 0; i < 3; i++) limiter.hit("a", limit, 0)
    expect([limiter.hit("a", limit, 1), limiter.hit("b", limit, 1)]).toEqual([60, undefined])
  })
})
