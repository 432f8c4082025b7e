/**
 * One-time verification codes, kept only as a salted hash ([D] DOMAIN §2.2).
 *
 * The hash is HMAC-SHA256 keyed by the salt over the code as typed, trimmed of surrounding spaces, in hex. A slow hash (scrypt)
 * would not make a leaked hash safe: a 6-digit code has only 10^6 values, so any hash falls to a
 * search. What protects a code is that it lives 72 hours, allows 5 wrong attempts and has its own
 * salt (no table serves two codes); HMAC keeps the decider fast enough to run every check in tests and
 * in the shell without a worker pool. The comparison is constant-time.
 *
 * @since 0.1.0
 */
import { createHmac, timingSafeEqual } from "node:crypto"

/** [D] DOMAIN §2.2, after SAT's 72-hour practice. @since 0.1.0 */
export const CODE_TTL_MS = 72 * 3_600_000
/** [D] DOMAIN §2.2: wrong attempts allowed per code before it locks. @since 0.1.0 */
export const MAX_WRONG_ATTEMPTS = 5
/** [D] DOMAIN §2.2: codes issued per contact in any rolling hour, the first one included. @since 0.1.0 */
export const MAX_CODES_PER_HOUR = 3
/** [D] DOMAIN §2.2: the rolling window of the resend limit, one hour. @since 0.1.0 */
export const RESEND_WINDOW_MS = 3_600_000

/**
 * The salted hash of a code as the mailbox stores it: HMAC-SHA256(key = salt, message = code), hex.
 * The shell draws the salt (e.g. 16 random bytes in hex) per issued code.
 * @example hashVerificationCode("482913", "5f0c…") // => 64 hex characters
 * @since 0.1.0
 */
export const hashVerificationCode = (code: string, salt: string): string =>
  createHmac("sha256", salt).update(code.trim(), "utf8").digest("hex")

/**
 * True when `code` is the one whose hash was stored, compared in constant time.
 * @example matchesVerificationCode("482913", { codeHash: hashVerificationCode("482913", salt), salt }) // => true
 * @since 0.1.0
 */
export const matchesVerificationCode = (code: string, issued: { readonly codeHash: string; readonly salt: string }): boolean => {
  const expected = Buffer.from(issued.codeHash, "hex")
  const actual = Buffer.from(hashVerificationCode(code, issued.salt), "hex")
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}
