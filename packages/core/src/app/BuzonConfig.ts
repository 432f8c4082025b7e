/**
 * What the shell is configured with besides its ports: the legal calendar, the SAT trust store,
 * the revocation source if any, the challenge service, and the source of randomness for the ids
 * and one-time codes the shell (never a decider) draws.
 *
 * @since 0.1.0
 */
import { randomBytes } from "node:crypto"
import { Context } from "effect"
import type { Calendar } from "../calendar/calendar.js"
import type { Challenges } from "../efirma/challenge.js"
import type { RevocationCheckerShape } from "../efirma/revocation.js"
import type { TrustStore } from "../efirma/trust.js"

/**
 * The configuration's shape.
 * @example const config: BuzonConfigShape = { calendar: makeCalendar(), trust, challenges: makeChallenges(), randomBytes: cryptoRandomBytes }
 * @since 0.1.0
 */
export interface BuzonConfigShape {
  readonly calendar: Calendar
  readonly trust: TrustStore
  readonly challenges: Challenges
  readonly revocation?: RevocationCheckerShape
  /** Random bytes for contact ids, salts and 6-digit codes; `node:crypto` unless a test fixes them. */
  readonly randomBytes: (n: number) => Uint8Array
}

/**
 * The BuzonConfig service.
 * @example Layer.succeed(BuzonConfig, { calendar, trust, challenges: makeChallenges(), randomBytes: cryptoRandomBytes })
 * @since 0.1.0
 */
export class BuzonConfig extends Context.Service<BuzonConfig, BuzonConfigShape>()("buzon/app/BuzonConfig") {}

/**
 * `node:crypto`'s random bytes, the default source.
 * @example cryptoRandomBytes(16).length // => 16
 * @since 0.1.0
 */
export const cryptoRandomBytes = (n: number): Uint8Array => new Uint8Array(randomBytes(n))

/**
 * A deterministic byte source for tests (xorshift32 from a seed): the same seed draws the same ids and codes.
 * @example seededRandomBytes(7)(4) // => the same 4 bytes on every run
 * @since 0.1.0
 */
export const seededRandomBytes = (seed: number): ((n: number) => Uint8Array) => {
  let x = seed >>> 0 || 0x9e3779b9
  return (n) => {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      x ^= x << 13
      x >>>= 0
      x ^= x >>> 17
      x ^= x << 5
      x >>>= 0
      out[i] = x & 0xff
    }
    return out
  }
}

/**
 * A 6-digit one-time code ([D] DOMAIN §2.2) from random bytes, without modulo bias (rejection sampling).
 * @example drawVerificationCode(seededRandomBytes(1)) // => "six digits", e.g. "048213"
 * @since 0.1.0
 */
export const drawVerificationCode = (random: (n: number) => Uint8Array): string => {
  const limit = Math.floor(0x1_0000_0000 / 1_000_000) * 1_000_000
  for (;;) {
    const b = random(4)
    const value = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0
    if (value < limit) return String(value % 1_000_000).padStart(6, "0")
  }
}

/**
 * Random bytes as lowercase hex (salts, ids).
 * @example hexOf(seededRandomBytes(1), 8).length // => 16
 * @since 0.1.0
 */
export const hexOf = (random: (n: number) => Uint8Array, n: number): string => Buffer.from(random(n)).toString("hex")
