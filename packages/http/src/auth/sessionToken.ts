/**
 * The employer's session: after a challenge login with e.firma, a short-lived bearer token carrying
 * the identity, signed with HMAC-SHA256 under a server key. Stateless, so any instance that shares
 * the key can check it; short-lived, so a stolen token is worth little.
 *
 * Format: `base64url(JSON claims) "." base64url(HMAC-SHA256(key, first part))`.
 *
 * @since 0.1.0
 */
import { createHmac, hash, timingSafeEqual } from "node:crypto"
import { Result } from "effect"
import type { Identity } from "@buzon/core"
import { TokenExpired, TokenInvalid } from "../edge/refusals.js"

/** What a session token says: who signed in and until when (UTC epoch ms). @since 0.1.0 */
export interface SessionClaims {
  readonly identity: Identity
  /** The certificate (DER, base64) the login proved: opening and consent are verified against it. */
  readonly certificate: string
  readonly expiresAt: number
}

/** Issues and checks session tokens under one key. @since 0.1.0 */
export interface SessionTokens {
  readonly issue: (identity: Identity, certificate: Uint8Array, now: number) => { readonly token: string; readonly expiresAt: number }
  readonly verify: (token: string, now: number) => Result.Result<SessionClaims, TokenInvalid | TokenExpired>
}

const mac = (key: Uint8Array, payload: string): Buffer => createHmac("sha256", key).update(payload).digest()

const isIdentity = (value: unknown): value is Identity => {
  if (typeof value !== "object" || value === null) return false
  const { rfc, certificateNumber, legalName } = value as Record<string, unknown>
  return typeof rfc === "string" && typeof certificateNumber === "string" && typeof legalName === "string"
}

const decodeClaims = (payload: string): SessionClaims | undefined => {
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { identity?: unknown; certificate?: unknown; expiresAt?: unknown }
    return isIdentity(claims.identity) && typeof claims.certificate === "string" && typeof claims.expiresAt === "number"
      ? { identity: claims.identity, certificate: claims.certificate, expiresAt: claims.expiresAt }
      : undefined
  } catch {
    return undefined // a payload that passed the MAC but does not parse: only a key leak could cause it
  }
}

/**
 * Session tokens signed with `key` (at least 32 bytes), valid `lifetimeMs` (default 15 minutes).
 * Rule: [D] sessions are short-lived; the MAC is compared in constant time.
 * @example
 * const tokens = makeSessionTokens(randomBytes(32))
 * const { token } = tokens.issue(identity, certificateDer, now)
 * tokens.verify(token, now) // => Result.succeed({ identity, certificate: "MIIF…", expiresAt: now + 900_000 })
 * @since 0.1.0
 */
export const makeSessionTokens = (key: Uint8Array, lifetimeMs = 15 * 60_000): SessionTokens => {
  if (key.length < 32) throw new Error("The session key must have at least 32 bytes")
  return {
    issue: (identity, certificate, now) => {
      const expiresAt = now + lifetimeMs
      const claims = { identity, certificate: Buffer.from(certificate).toString("base64"), expiresAt }
      const payload = Buffer.from(JSON.stringify(claims), "utf8").toString("base64url")
      return { token: `${payload}.${mac(key, payload).toString("base64url")}`, expiresAt }
    },
    verify: (token, now) => {
      const [payload, signature, extra] = token.split(".")
      if (payload === undefined || signature === undefined || extra !== undefined) return Result.fail(new TokenInvalid())
      const expected = mac(key, payload)
      const given = Buffer.from(signature, "base64url")
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return Result.fail(new TokenInvalid())
      const claims = decodeClaims(payload)
      if (claims === undefined) return Result.fail(new TokenInvalid())
      if (now >= claims.expiresAt) return Result.fail(new TokenExpired({ expiredAt: claims.expiresAt }))
      return Result.succeed(claims)
    },
  }
}

// Both sides are hashed so that the comparison takes the same time whatever their lengths. A plain
// one-shot SHA-256 does that as well as a keyed MAC (the digest is never shown) at a third of the
// cost of building an Hmac object on every operator request (issue #6's inbox benchmark).
const operatorDigest = (token: string): Buffer => hash("sha256", token, "buffer")
const configuredDigests = new Map<string, Buffer>()

/**
 * Compares a presented operator token with the configured one in constant time.
 * @example operatorTokenMatches("abc", "abc") // => true
 * @since 0.1.0
 */
export const operatorTokenMatches = (configured: string, presented: string): boolean => {
  let expected = configuredDigests.get(configured)
  if (expected === undefined) configuredDigests.set(configured, (expected = operatorDigest(configured)))
  return timingSafeEqual(expected, operatorDigest(presented))
}
