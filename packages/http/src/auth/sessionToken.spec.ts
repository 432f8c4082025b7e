import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { TokenExpired, TokenInvalid } from "../edge/refusals.js"
import { makeSessionTokens, operatorTokenMatches } from "./sessionToken.js"

const NOW = Date.parse("2026-11-30T12:00:00Z")
const key = new Uint8Array(32).fill(7)
const identity = { rfc: "EKU9003173C9", certificateNumber: "30001000000500003415", legalName: "ESCUELA KEMPER URGATE SA DE CV" }
const certificate = new Uint8Array([48, 130, 1, 2])

describe("session tokens", () => {
  const tokens = makeSessionTokens(key, 15 * 60_000)

  it("verifies what it issued, until the instant it expires", () => {
    const { token, expiresAt } = tokens.issue(identity, certificate, NOW)
    expect(expiresAt).toBe(NOW + 15 * 60_000)
    expect(tokens.verify(token, expiresAt - 1)).toEqual(Result.succeed({ identity, certificate: "MIIBAg==", expiresAt }))
    expect(tokens.verify(token, expiresAt)).toEqual(Result.fail(new TokenExpired({ expiredAt: expiresAt })))
  })

  it("refuses a token whose claims were changed (another RFC)", () => {
    const { token } = tokens.issue(identity, certificate, NOW)
    const [payload, mac] = token.split(".")
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"))
    const forged = Buffer.from(JSON.stringify({ ...claims, identity: { ...identity, rfc: "CACX7605101P8" } })).toString("base64url")
    expect(tokens.verify(`${forged}.${mac}`, NOW)).toEqual(Result.fail(new TokenInvalid()))
  })

  it("refuses a token signed under another key, truncated, or with extra parts", () => {
    const other = makeSessionTokens(new Uint8Array(32).fill(8)).issue(identity, certificate, NOW).token
    const { token } = tokens.issue(identity, certificate, NOW)
    for (const bad of [other, token.slice(0, -2), `${token}.x`, "", "abc"]) expect(tokens.verify(bad, NOW)).toEqual(Result.fail(new TokenInvalid()))
  })

  it("refuses a key shorter than 32 bytes", () => expect(() => makeSessionTokens(new Uint8Array(16))).toThrow("at least 32 bytes"))

  it("compares operator tokens whole", () => {
    expect([operatorTokenMatches("operator-token-123456", "operator-token-123456"), operatorTokenMatches("operator-token-123456", "operator-token-12345"), operatorTokenMatches("operator-token-123456", "")])
      .toEqual([true, false, false])
  })
})
