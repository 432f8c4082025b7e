/**
 * Challenge login (issue #3): a single-use, short-lived nonce signed with a FIEL proves an Identity;
 * unknown, replayed and expired challenges are EFIRMA_SIGNATURE_INVALID, as is a wrong signature.
 */
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  DEFAULT_CHALLENGE_TTL_MS, EfirmaRejected, loadTrustStore, makeChallenges, makeTrustStore, memoryChallengeStore, readCredential, sign,
} from "@buzon/core"
import type { ChallengeContext, Challenges, RevocationCheckerShape, RevocationStatus } from "@buzon/core"
import { join } from "node:path"
import { FIXED_NOW, holder, makeCa, PASSWORD } from "./fixtures.js"
import { noSatFixtures, readSatCredential, satFixturesDir } from "../support/satFixtures.js"

const ca = makeCa()
const trust = makeTrustStore([ca.certificate])
const files = holder(ca)
const credential = Result.getOrThrow(readCredential(files.certificate, files.privateKey, PASSWORD))
const context: ChallengeContext = { now: FIXED_NOW, trust }

/** A counter instead of randomness: ids and nonces are predictable in the test. */
const counting = () => {
  let n = 0
  return (size: number) => new Uint8Array(size).fill(++n)
}
const attempt = (challenges: Challenges, signWith = credential, certificate: Uint8Array = files.certificate, at = FIXED_NOW) => {
  const issued = challenges.issue(at)
  return { issued, answer: { challengeId: issued.challengeId, certificate, signature: sign(signWith, issued.nonce) } }
}
const run = <A>(effect: Effect.Effect<A, EfirmaRejected>) => Effect.runPromise(Effect.result(effect))
const refused = (code: EfirmaRejected["code"], detail: string) => Result.fail(new EfirmaRejected({ code, detail }))

const identity = {
  rfc: "IAÑL750210963", certificateNumber: "30001000000500009001", legalName: "LUIS IAN ÑUZCO",
}

describe("challenge login", () => {
  it("issues a nonce from the injected random source, expiring after the TTL", () => {
    const challenges = makeChallenges({ randomBytes: counting(), ttlMs: 60_000 })
    expect(challenges.issue(FIXED_NOW)).toEqual({
      challengeId: Buffer.alloc(16, 1).toString("base64url"),
      nonce: `buzon-login:${Buffer.alloc(32, 2).toString("base64url")}`,
      expiresAt: FIXED_NOW + 60_000,
    })
    expect(DEFAULT_CHALLENGE_TTL_MS).toBe(120_000)
  })

  it("accepts the FIEL holder's signature over the nonce and answers the identity", async () => {
    const challenges = makeChallenges()
    const { answer } = attempt(challenges)
    expect(await run(challenges.accept(answer, context))).toEqual(Result.succeed(identity))
  })

  it("refuses a replay: the challenge is single use", async () => {
    const challenges = makeChallenges()
    const { answer } = attempt(challenges)
    await run(challenges.accept(answer, context))
    expect(await run(challenges.accept(answer, context))).toEqual(
      refused("EFIRMA_SIGNATURE_INVALID", `challenge ${answer.challengeId} is unknown or was already used`),
    )
  })

  it("refuses a foreign challenge id (issued by another instance)", async () => {
    const { answer } = attempt(makeChallenges())
    expect(await run(makeChallenges().accept(answer, context))).toEqual(
      refused("EFIRMA_SIGNATURE_INVALID", `challenge ${answer.challengeId} is unknown or was already used`),
    )
  })

  it("refuses at the expiry instant, accepts one millisecond before", async () => {
    const challenges = makeChallenges({ ttlMs: 60_000 })
    const late = attempt(challenges)
    expect(await run(challenges.accept(late.answer, { ...context, now: late.issued.expiresAt }))).toEqual(
      refused("EFIRMA_SIGNATURE_INVALID", `challenge ${late.answer.challengeId} expired ${new Date(late.issued.expiresAt).toISOString()}`),
    )
    const inTime = attempt(challenges)
    expect(await run(challenges.accept(inTime.answer, { ...context, now: inTime.issued.expiresAt - 1 }))).toEqual(Result.succeed(identity))
  })

  it("checks the challenge before the certificate: an expired challenge answered with a CSD or garbage is EFIRMA_SIGNATURE_INVALID", async () => {
    const challenges = makeChallenges({ ttlMs: 60_000 })
    const csd = holder(ca, { kind: "CSD", certificateNumber: "30001000000500009013" })
    const csdCredential = Result.getOrThrow(readCredential(csd.certificate, csd.privateKey, PASSWORD))
    const stale = attempt(challenges, csdCredential, csd.certificate)
    const expired = (id: string) => refused("EFIRMA_SIGNATURE_INVALID", `challenge ${id} expired ${new Date(stale.issued.expiresAt).toISOString()}`)
    expect(await run(challenges.accept(stale.answer, { ...context, now: stale.issued.expiresAt }))).toEqual(expired(stale.answer.challengeId))
    const garbage = attempt(challenges)
    expect(await run(challenges.accept({ ...garbage.answer, certificate: new Uint8Array([1, 2, 3]) }, { ...context, now: garbage.issued.expiresAt }))).toEqual(
      expired(garbage.answer.challengeId),
    )
  })

  it("refuses a signature over something else, and a failed attempt consumes the challenge", async () => {
    const challenges = makeChallenges()
    const { issued, answer } = attempt(challenges)
    const forged = { ...answer, signature: sign(credential, `${issued.nonce}x`) }
    expect(await run(challenges.accept(forged, context))).toEqual(
      refused("EFIRMA_SIGNATURE_INVALID", "the signature is not certificate 30001000000500009001's over the challenge"),
    )
    expect(await run(challenges.accept(answer, context))).toEqual(
      refused("EFIRMA_SIGNATURE_INVALID", `challenge ${answer.challengeId} is unknown or was already used`),
    )
  })

  it("refuses a certificate presented with someone else's signature", async () => {
    const other = holder(ca, { rfc: "CACX7605101P8", legalName: "XOCHILT CASAS CHAVEZ", curp: "CACX760510MGTSHC04", certificateNumber: "30001000000500009010" })
    const otherCredential = Result.getOrThrow(readCredential(other.certificate, other.privateKey, PASSWORD))
    const challenges = makeChallenges()
    const { answer } = attempt(challenges, otherCredential, files.certificate)
    expect(await run(challenges.accept(answer, context))).toEqual(
      refused("EFIRMA_SIGNATURE_INVALID", "the signature is not certificate 30001000000500009001's over the challenge"),
    )
  })

  it("refuses a CSD, an expired FIEL, an untrusted one and garbage with their own codes", async () => {
    const challenges = makeChallenges()
    const csd = holder(ca, { kind: "CSD", certificateNumber: "30001000000500009011" })
    const csdCredential = Result.getOrThrow(readCredential(csd.certificate, csd.privateKey, PASSWORD))
    expect(await run(challenges.accept(attempt(challenges, csdCredential, csd.certificate).answer, context))).toEqual(
      refused("EFIRMA_NOT_FIEL", "certificate 30001000000500009011 is a CSD (sello digital), not a FIEL"),
    )
    const old = holder(ca, { notBefore: Date.parse("2024-02-01T00:00:00Z"), notAfter: Date.parse("2026-02-01T00:00:00Z"), certificateNumber: "30001000000500009012" })
    const oldCredential = Result.getOrThrow(readCredential(old.certificate, old.privateKey, PASSWORD))
    expect(await run(challenges.accept(attempt(challenges, oldCredential, old.certificate).answer, context))).toEqual(
      refused("EFIRMA_EXPIRED", "certificate 30001000000500009012 expired 2026-02-01T00:00:00.000Z"),
    )
    const { answer } = attempt(challenges)
    const elsewhere = await run(challenges.accept(answer, { now: FIXED_NOW, trust: makeTrustStore([]) }))
    expect(elsewhere).toEqual(refused("EFIRMA_UNTRUSTED_ISSUER", `no trusted CA issued and signed it (issuer: ${credential.certificate.issuer})`))
    const garbage = attempt(challenges)
    expect(await run(challenges.accept({ ...garbage.answer, certificate: new Uint8Array([0x30, 0x03, 1, 2, 3]) }, context))).toEqual(
      refused("EFIRMA_MALFORMED", "not an X.509 certificate: the data ends before its structure does (a truncated file, or not DER)"),
    )
  })

  it("asks the revocation source: revoked before the login refuses, revoked after does not, unknown refuses", async () => {
    const answering = (status: RevocationStatus): RevocationCheckerShape => ({ check: () => Effect.succeed(status) })
    const challenges = makeChallenges()
    const login = (revocation: RevocationCheckerShape) => run(challenges.accept(attempt(challenges).answer, { ...context, revocation }))
    expect(await login(answering({ status: "good", producedAt: FIXED_NOW }))).toEqual(Result.succeed(identity))
    expect(await login(answering({ status: "revoked", producedAt: FIXED_NOW, revokedAt: FIXED_NOW - 1, reason: "keyCompromise" }))).toEqual(
      refused("EFIRMA_REVOKED", "certificate 30001000000500009001 was revoked 2026-11-30T11:59:59.999Z (keyCompromise)"),
    )
    expect(await login(answering({ status: "revoked", producedAt: FIXED_NOW, revokedAt: FIXED_NOW + 1 }))).toEqual(Result.succeed(identity))
    expect(await login(answering({ status: "unknown", producedAt: FIXED_NOW }))).toEqual(
      refused("EFIRMA_REVOCATION_UNKNOWN", "the revocation source does not know certificate 30001000000500009001"),
    )
    const down: RevocationCheckerShape = { check: () => Effect.fail(new EfirmaRejected({ code: "EFIRMA_REVOCATION_UNKNOWN", detail: "responder down" })) }
    expect(await login(down)).toEqual(refused("EFIRMA_REVOCATION_UNKNOWN", "responder down"))
  })

  it("the memory store forgets expired challenges when new ones are issued", () => {
    const store = memoryChallengeStore()
    const challenges = makeChallenges({ store, ttlMs: 1_000, randomBytes: counting() })
    const first = challenges.issue(FIXED_NOW)
    const second = challenges.issue(FIXED_NOW + 500)
    challenges.issue(FIXED_NOW + 1_000) // sweeps `first` (expired at exactly this instant)
    expect([store.take(first.challengeId), store.take(second.challengeId)]).toEqual([undefined, second])
  })
})

describe.skipIf(noSatFixtures)("challenge login with SAT's own FIEL", () => {
  it("CACX7605101P8 logs in at FIXED_NOW against ca/test", async () => {
    const sat = readSatCredential("fisica-fiel-CACX7605101P8")
    const pair = Result.getOrThrow(readCredential(sat.certificate, sat.privateKey, sat.password))
    const challenges = makeChallenges()
    const { answer } = attempt(challenges, pair, sat.certificate)
    const satTrust = loadTrustStore(join(satFixturesDir ?? "", "ca", "test"))
    expect(await run(challenges.accept(answer, { now: FIXED_NOW, trust: satTrust }))).toEqual(
      Result.succeed({ rfc: "CACX7605101P8", certificateNumber: "30001000000500003282", legalName: "XOCHILT CASAS CHAVEZ" }),
    )
  })
})
