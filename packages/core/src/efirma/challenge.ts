/**
 * Challenge login with a FIEL (issue #3): the server issues a random nonce, single use and short
 * lived; the holder signs its UTF-8 bytes (RSA PKCS#1 v1.5 SHA-256) and sends the signature with
 * the certificate; the server answers the authenticated Identity or a stable code.
 *
 * Every refusal about the challenge itself — unknown id, already used (a replay), expired — is
 * `EFIRMA_SIGNATURE_INVALID`: the signature proves nothing then; `detail` says which. A challenge is
 * consumed by the first attempt, successful or not, so a signature cannot be retried or guessed.
 *
 * @since 0.1.0
 */
import { randomBytes as cryptoRandomBytes } from "node:crypto"
import { Effect, Result } from "effect"
import { readCertificate } from "./certificate.js"
import { rejected, type EfirmaRejected } from "./errors.js"
import type { Identity } from "./identity.js"
import type { RevocationCheckerShape } from "./revocation.js"
import { verifySignature } from "./signature.js"
import type { TrustStore } from "./trust.js"
import { identityOf, validateFiel } from "./validate.js"

/**
 * An issued challenge: the holder signs `nonce` (its UTF-8 bytes) before `expiresAt` (UTC epoch ms).
 *
 * @example challenges.issue(now) // => { challengeId: "Yx…", nonce: "buzon-login:…", expiresAt: now + 120_000 }
 * @since 0.1.0
 */
export interface IssuedChallenge {
  readonly challengeId: string
  readonly nonce: string
  readonly expiresAt: number
}

/**
 * Where outstanding challenges live. `take` removes and returns (single use): a shared store must
 * do that atomically. Synchronous on purpose: an embedded store (SQLite) or memory answers at once.
 *
 * @example const store: ChallengeStore = memoryChallengeStore()
 * @since 0.1.0
 */
export interface ChallengeStore {
  readonly put: (challenge: IssuedChallenge) => void
  readonly take: (challengeId: string) => IssuedChallenge | undefined
  /** Forgets challenges that expired at or before `now`. */
  readonly sweep: (now: number) => void
}

/**
 * The default store: a Map in insertion order, swept as challenges are issued.
 *
 * @example const challenges = makeChallenges({ store: memoryChallengeStore() })
 * @since 0.1.0
 */
export const memoryChallengeStore = (): ChallengeStore => {
  const open = new Map<string, IssuedChallenge>()
  return {
    put: (challenge) => void open.set(challenge.challengeId, challenge),
    take: (challengeId) => {
      const challenge = open.get(challengeId)
      open.delete(challengeId)
      return challenge
    },
    sweep: (now) => {
      // Same TTL for all: the oldest come first, so stop at the first live one.
      for (const [id, challenge] of open) {
        if (challenge.expiresAt > now) break
        open.delete(id)
      }
    },
  }
}

/**
 * A signed answer to a challenge: the id, the certificate (DER or PEM) and the signature over the nonce.
 *
 * @example const answer: ChallengeAnswer = { challengeId, certificate: cerBytes, signature: sign(credential, nonce) }
 * @since 0.1.0
 */
export interface ChallengeAnswer {
  readonly challengeId: string
  readonly certificate: Uint8Array | string
  readonly signature: Uint8Array
}

/**
 * What `accept` checks against: the instant, the trust store and optionally a revocation source.
 *
 * @example const context: ChallengeContext = { now: FIXED_NOW, trust }
 * @since 0.1.0
 */
export interface ChallengeContext {
  readonly now: number
  readonly trust: TrustStore
  readonly revocation?: RevocationCheckerShape
}

/**
 * The challenge service: `issue` a nonce; `accept` a signed answer once.
 *
 * @example const { challengeId, nonce } = challenges.issue(now)
 * @since 0.1.0
 */
export interface Challenges {
  readonly issue: (now: number) => IssuedChallenge
  readonly accept: (answer: ChallengeAnswer, context: ChallengeContext) => Effect.Effect<Identity, EfirmaRejected>
}

/** [D] Two minutes: long enough to sign with a desktop tool, short enough to make a stolen nonce useless. */
export const DEFAULT_CHALLENGE_TTL_MS = 120_000

/**
 * Makes the challenge service. `randomBytes` (default `node:crypto`) and `store` (default memory) can
 * be replaced; the nonce carries 32 random bytes, the id 16.
 *
 * @example
 * const challenges = makeChallenges()
 * const { challengeId, nonce } = challenges.issue(now)
 * await Effect.runPromise(challenges.accept({ challengeId, certificate, signature: sign(credential, nonce) }, { now, trust }))
 * // => { rfc: "CACX7605101P8", certificateNumber: "30001000000500003282", legalName: "XOCHILT CASAS CHAVEZ" }
 * @since 0.1.0
 */
export const makeChallenges = (
  options: { readonly ttlMs?: number; readonly randomBytes?: (n: number) => Uint8Array; readonly store?: ChallengeStore } = {},
): Challenges => {
  const ttlMs = options.ttlMs ?? DEFAULT_CHALLENGE_TTL_MS
  const random = options.randomBytes ?? ((n: number) => cryptoRandomBytes(n))
  const store = options.store ?? memoryChallengeStore()
  const text = (n: number) => Buffer.from(random(n)).toString("base64url")
  return {
    issue: (now) => {
      store.sweep(now)
      const challenge = { challengeId: text(16), nonce: `buzon-login:${text(32)}`, expiresAt: now + ttlMs }
      store.put(challenge)
      return challenge
    },
    accept: (answer, context) => {
      const challenge = store.take(answer.challengeId) // consumed now, whatever the outcome
      if (challenge === undefined)
        return Effect.fail(rejected("EFIRMA_SIGNATURE_INVALID", `challenge ${answer.challengeId} is unknown or was already used`))
      if (context.now >= challenge.expiresAt)
        return Effect.fail(
          rejected("EFIRMA_SIGNATURE_INVALID", `challenge ${answer.challengeId} expired ${new Date(challenge.expiresAt).toISOString()}`),
        )
      const certificate = readCertificate(answer.certificate)
      if (Result.isFailure(certificate)) return Effect.fail(certificate.failure)
      return Effect.flatMap(
        validateFiel(certificate.success, { at: context.now, trust: context.trust, ...(context.revocation ? { revocation: context.revocation } : {}) }),
        (valid) =>
          verifySignature(valid, challenge.nonce, answer.signature)
            ? Effect.succeed(identityOf(valid))
            : Effect.fail(rejected("EFIRMA_SIGNATURE_INVALID", `the signature is not certificate ${valid.certificateNumber}'s over the challenge`)),
      )
    },
  }
}
