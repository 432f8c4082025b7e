/**
 * fast-check properties of issue #3: sign/verify round trips, any changed byte fails, and damaged
 * certificates and keys give a tagged refusal (or a valid parse), never an exception or a hang.
 * Seeds are fixed so a failure reproduces.
 */
import { Result } from "effect"
import fc from "fast-check"
import forge from "node-forge"
import { describe, expect, it } from "vitest"
import { EfirmaRejected, readCertificate, readCredential, readPrivateKey, sign, verifySignature } from "@buzon/core"
import type { EfirmaCode } from "@buzon/core"
import { holder, makeCa, PASSWORD } from "./fixtures.js"
import { noSatFixtures, readSatCredential } from "../support/satFixtures.js"

const ca = makeCa()
const files = holder(ca)
const credential = Result.getOrThrow(readCredential(files.certificate, files.privateKey, PASSWORD))

const flip = (bytes: Uint8Array, index: number, bit: number): Uint8Array => {
  const copy = new Uint8Array(bytes)
  copy[index % copy.length] = (copy[index % copy.length] ?? 0) ^ (1 << bit)
  return copy
}

/** A damaged input: random bytes, a truncation, or bit flips of the original. */
const damaged = (original: Uint8Array) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 2_048 }),
    fc.nat({ max: original.length - 1 }).map((n) => original.slice(0, n)),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 })
      .map((flips) => flips.reduce((bytes, [i, bit]) => flip(bytes, i, bit), original)),
  )

/** The outcome's class: a parse, or the refusal's code. Throwing fails the property. */
const certificateOutcome = (bytes: Uint8Array): "parsed" | EfirmaCode => {
  const r = readCertificate(bytes)
  return Result.isSuccess(r) ? "parsed" : r.failure.code
}
const keyOutcome = (bytes: Uint8Array): "parsed" | EfirmaCode => {
  const r = readPrivateKey(bytes, PASSWORD)
  return Result.isSuccess(r) ? "parsed" : r.failure.code
}

describe("signatures (properties)", () => {
  it("sign then verify holds for any data", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4_096 }), (data) => verifySignature(credential.certificate, data, sign(credential, data))), { seed: 3, numRuns: 60 })
  })

  it("any changed byte of the data or of the signature fails verification", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 1_024 }), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), (data, at, delta, inSignature) => {
        const signature = sign(credential, data)
        const bump = (bytes: Uint8Array) => {
          const copy = new Uint8Array(bytes)
          copy[at % copy.length] = ((copy[at % copy.length] ?? 0) + delta) % 256
          return copy
        }
        return inSignature
          ? !verifySignature(credential.certificate, data, bump(signature))
          : !verifySignature(credential.certificate, bump(data), signature)
      }),
      { seed: 5, numRuns: 80 },
    )
  })
})

describe("damaged inputs (properties)", () => {
  it("damaged generated certificates: EFIRMA_MALFORMED or a valid parse, never a throw", () => {
    fc.assert(
      fc.property(damaged(files.certificate), (bytes) => ["parsed", "EFIRMA_MALFORMED"].includes(certificateOutcome(bytes))),
      { seed: 7, numRuns: 300 },
    )
  })

  it("damaged generated keys: MALFORMED, or BAD_PASSWORD (damage inside the ciphertext looks like a wrong password), or a parse", () => {
    fc.assert(
      fc.property(damaged(files.privateKey), (bytes) => {
        const started = performance.now()
        const outcome = keyOutcome(bytes)
        return ["parsed", "EFIRMA_MALFORMED", "EFIRMA_BAD_PASSWORD"].includes(outcome) && performance.now() - started < 2_000
      }),
      { seed: 11, numRuns: 150 },
    )
  })

  it("an envelope damaged before the ciphertext is MALFORMED, never BAD_PASSWORD", () => {
    // Truncations inside the envelope (the first 60 bytes hold algorithm ids, salt, rounds, iv).
    for (let n = 0; n < 60; n++) expect([n, keyOutcome(files.privateKey.slice(0, n))]).toEqual([n, "EFIRMA_MALFORMED"])
  })

  it("an absurd PBKDF2 iteration count is refused before any work (no hang)", () => {
    const withRounds = (rounds: number) => {
      const envelope = forge.asn1.fromDer(Buffer.from(files.privateKey).toString("latin1"))
      const path = [0, 1, 0, 1, 1] // EncryptedPrivateKeyInfo › algorithm › PBES2 params › kdf › PBKDF2 params › rounds
      const node = path.reduce((n, i) => (n.value as Array<forge.asn1.Asn1>)[i] as forge.asn1.Asn1, envelope)
      node.value = forge.asn1.integerToDer(rounds).getBytes()
      return new Uint8Array(Buffer.from(forge.asn1.toDer(envelope).getBytes(), "latin1"))
    }
    const started = performance.now()
    const r = readPrivateKey(withRounds(50_000_000), PASSWORD)
    expect(r).toEqual(Result.fail(new EfirmaRejected({ code: "EFIRMA_MALFORMED", detail: "implausible PBKDF2 iteration count 50000000" })))
    expect(performance.now() - started).toBeLessThan(500)
    expect(keyOutcome(withRounds(2_049))).toBe("EFIRMA_BAD_PASSWORD") // plausible, but not the rounds it was made with
  })
})

describe.skipIf(noSatFixtures)("damaged SAT files (properties)", () => {
  it("damaged SAT certificates and keys give tagged refusals or parses", () => {
    const sat = readSatCredential("expired-moral-fiel-ONO120726RX3-enye")
    fc.assert(fc.property(damaged(sat.certificate), (bytes) => ["parsed", "EFIRMA_MALFORMED"].includes(certificateOutcome(bytes))), { seed: 13, numRuns: 300 })
    fc.assert(
      fc.property(damaged(sat.privateKey), (bytes) => ["parsed", "EFIRMA_MALFORMED", "EFIRMA_BAD_PASSWORD"].includes(keyOutcome(bytes))),
      { seed: 17, numRuns: 100 },
    )
  })
})

describe("what a damaged key says (our words, not the parser's)", () => {
  it.each([
    ["cut after 40 bytes", files.privateKey.slice(0, 40), "not a PKCS#8 encrypted private key: the data ends before its structure does (a truncated file, or not DER)"],
    ["with a byte appended", new Uint8Array([...files.privateKey, 0]), "not a PKCS#8 encrypted private key: there are extra bytes after the structure (two files joined, or not DER)"],
  ])("a key %s", (_, bytes, detail) => expect(readPrivateKey(bytes, PASSWORD)).toEqual(Result.fail(new EfirmaRejected({ code: "EFIRMA_MALFORMED", detail }))))
})
