// e.firma without SAT files: a test CA and a FIEL written as SAT's .cer/.key, read back, then sign,
// verify, validate at an instant (DOMAIN §2.1) and log in with a signed, single-use challenge.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Result } from "effect"
import { generateTestCa, generateTestCredential, makeChallenges, makeTrustStore, readCredential, sign, validateFiel, verifySignature } from "@buzon/core"

const now = Date.parse("2026-03-11T16:00:00Z") // a fixed instant of use
const validity = { notBefore: Date.parse("2025-01-01T00:00:00Z"), notAfter: Date.parse("2028-12-31T00:00:00Z") }
const ca = generateTestCa(validity) // stands in for SAT's CA
const generated = generateTestCredential({ ca, rfc: "CACX7605101P8", legalName: "XOCHILT CASAS CHAVEZ", curp: "CACX760510MGTSHC04",
  certificateNumber: "30001000000500003282", password: "12345678a", ...validity })
const dir = mkdtempSync(join(tmpdir(), "buzon-efirma-"))
writeFileSync(join(dir, "fiel.cer"), generated.certificate)
writeFileSync(join(dir, "fiel.key"), generated.privateKey)
const [cer, key] = [readFileSync(join(dir, "fiel.cer")), readFileSync(join(dir, "fiel.key"))]
rmSync(dir, { recursive: true })

// #region efirma
const credential = Result.getOrThrow(readCredential(cer, key, "12345678a")) // checks that the .key is the .cer's
const { rfc, curp, legalName, kind, certificateNumber } = credential.certificate
console.log("certificate", JSON.stringify({ rfc, curp, legalName, kind, certificateNumber }))
const wrong = readCredential(cer, key, "not-the-password")
console.log("wrong password", Result.isFailure(wrong) ? wrong.failure.code : "read")

const signature = sign(credential, "||1.0|CACX7605101P8||") // RSA-SHA256 over the UTF-8 bytes
console.log("verifies", verifySignature(credential.certificate, "||1.0|CACX7605101P8||", signature))
console.log("altered text verifies", verifySignature(credential.certificate, "||1.0|CACX7605101P9||", signature))

const trust = makeTrustStore([ca.certificate])
const valid = Effect.runSync(Effect.result(validateFiel(credential.certificate, { at: now, trust })))
console.log("valid now", Result.isSuccess(valid))
const late = Effect.runSync(Effect.result(validateFiel(credential.certificate, { at: Date.parse("2029-01-01T00:00:00Z"), trust })))
console.log("valid in 2029", Result.isFailure(late) ? late.failure.code : "valid")

const challenges = makeChallenges() // login: the holder signs a nonce that can be used once
const { challengeId, nonce } = challenges.issue(now)
const answer = { challengeId, certificate: cer, signature: sign(credential, nonce) }
console.log("logged in", JSON.stringify(await Effect.runPromise(challenges.accept(answer, { now, trust }))))
const replay = await Effect.runPromise(Effect.result(challenges.accept(answer, { now, trust })))
console.log("replayed", Result.isFailure(replay) ? replay.failure.code : "accepted")
// #endregion efirma
