/**
 * `npm run bench -- efirma`: RSA-2048 PKCS#1 v1.5 SHA-256 signatures and verifications per second
 * with node:crypto and with forge (same key, same data, same run), and challenge logins per second:
 * end to end (issue → sign → accept) and the server's share alone (accept of a pre-signed answer:
 * certificate lookup, FIEL checks, cached chain, one verification). Prints one JSON line.
 * Goal (issue #3): ≥ 10,000 challenge verifications/s on one core.
 */
import { loadavg } from "node:os"
import { Effect, Result } from "effect"
import forge from "node-forge"
import {
  generateTestCa, generateTestCredential, makeChallenges, makeTrustStore, readCredential, sign, verifySignature,
} from "@buzon/core"

const at = Date.parse("2026-11-30T12:00:00Z")
const span = { notBefore: Date.parse("2025-01-01T00:00:00Z"), notAfter: Date.parse("2030-01-01T00:00:00Z") }
const ca = generateTestCa(span)
const files = generateTestCredential({ ca, rfc: "IAÑL750210963", legalName: "LUIS IAN ÑUZCO", curp: "IANL750210HSRNZS09", password: "12345678a", ...span })
const credential = Result.getOrThrow(readCredential(files.certificate, files.privateKey, files.password))
const trust = makeTrustStore([ca.certificate])
const data = Buffer.from("||1.0|IAÑL750210963|LUIS IAN ÑUZCO|2026-11-30T12:00:00Z|términos y condiciones 2024||", "utf8")

/** Runs `work` repeatedly for about `ms` milliseconds; answers operations per second. */
const rate = (ms: number, work: () => unknown): number => {
  for (let i = 0; i < 20; i++) work() // warm-up
  let n = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    for (let i = 0; i < 10; i++) work()
    n += 10
    elapsed = performance.now() - start
  }
  return Math.round((n * 1000) / elapsed)
}

const forgeKey = forge.pki.privateKeyFromPem(credential.privateKey.key.export({ type: "pkcs1", format: "pem" }) as string)
const forgePublic = forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(files.certificate).toString("latin1"))).publicKey as forge.pki.rsa.PublicKey
const forgeDigest = () => forge.md.sha256.create().update(data.toString("latin1"))
const signature = sign(credential, data)
const signatureBinary = Buffer.from(signature).toString("latin1")

const cryptoSigns = rate(1_000, () => sign(credential, data))
const cryptoVerifies = rate(1_000, () => verifySignature(credential.certificate, data, signature))
const forgeSigns = rate(1_500, () => forgeKey.sign(forgeDigest()))
const forgeVerifies = rate(1_000, () => forgePublic.verify(forgeDigest().digest().bytes(), signatureBinary))

const challenges = makeChallenges()
const login = () => {
  const { challengeId, nonce } = challenges.issue(at)
  return Effect.runSync(challenges.accept({ challengeId, certificate: files.certificate, signature: sign(credential, nonce) }, { now: at, trust }))
}
const logins = rate(1_000, login)

// The server's share: answers signed beforehand, accepted in a loop.
const answers = Array.from({ length: 30_000 }, () => {
  const { challengeId, nonce } = challenges.issue(at)
  return { challengeId, certificate: files.certificate, signature: sign(credential, nonce) }
})
let next = 0
let accepted = 0
const accepts = rate(1_000, () => {
  const answer = answers[next++ % answers.length]!
  if (Result.isSuccess(Effect.runSync(Effect.result(challenges.accept(answer, { now: at, trust }))))) accepted++
})
// Every measured accept must have been a success (a refusal would be cheaper and flatter the figure).
const acceptedOk = next <= answers.length && accepted === next

console.log(JSON.stringify({
  bench: "efirma",
  key: "RSA-2048, PKCS#1 v1.5, SHA-256",
  crypto: { signaturesPerSec: cryptoSigns, verificationsPerSec: cryptoVerifies },
  forge: { signaturesPerSec: forgeSigns, verificationsPerSec: forgeVerifies },
  ratio: { sign: Math.round((cryptoSigns / forgeSigns) * 10) / 10, verify: Math.round((cryptoVerifies / forgeVerifies) * 10) / 10 },
  challenge: {
    loginsPerSecEndToEnd: logins,
    verificationsPerSec: accepts,
    allAcceptsFresh: acceptedOk,
    goalVerificationsPerSec: 10_000,
    goalMet: accepts >= 10_000,
  },
  loadavg1m: Math.round(loadavg()[0]! * 100) / 100,
}))
