import { createHmac } from "node:crypto"
import { describe, expect, it } from "vitest"
import { hashVerificationCode, matchesVerificationCode } from "./verificationCode.js"

describe("hashVerificationCode ([D] DOMAIN §2.2)", () => {
  it("is HMAC-SHA256 keyed by the salt over the code, in hex", () =>
    expect(hashVerificationCode("482913", "salt-1")).toBe(createHmac("sha256", "salt-1").update("482913").digest("hex")))

  it("gives the same code different hashes under different salts", () =>
    expect(hashVerificationCode("482913", "salt-1")).not.toBe(hashVerificationCode("482913", "salt-2")))

  it("ignores spaces typed around the code", () =>
    expect(hashVerificationCode(" 482913\n", "s")).toBe(hashVerificationCode("482913", "s")))
})

describe("matchesVerificationCode", () => {
  const issued = { codeHash: hashVerificationCode("482913", "s"), salt: "s" }
  it("matches the right code and nothing else", () =>
    expect([
      matchesVerificationCode("482913", issued), matchesVerificationCode("482914", issued),
      matchesVerificationCode("", issued), matchesVerificationCode("482913", { ...issued, salt: "t" }),
    ]).toEqual([true, false, false, false]))

  it("is false, not a throw, for a stored hash of the wrong length", () =>
    expect(matchesVerificationCode("482913", { codeHash: "abcd", salt: "s" })).toBe(false))
})
