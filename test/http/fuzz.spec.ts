/**
 * Issue #6: random bodies posted to every route, with and without credentials, never answer 500,
 * and every refusal is RFC 9457 problem+json whose `status` is the HTTP status. Seeded: reproducible.
 */
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { generateTestCa, generateTestCredential } from "@buzon/core"
import { FIXED_NOW } from "../support/satFixtures.js"
import { call, login, OPERATOR_TOKEN, signerOf, startServer } from "./support/harness.js"
import type { TestServer } from "./support/harness.js"

const routes = [
  ["POST", "/auth/challenge"], ["POST", "/auth/session"], ["POST", "/mailboxes"], ["GET", "/mailboxes/CACX7605101P8"],
  ["POST", "/mailboxes/CACX7605101P8/contacts"], ["POST", "/mailboxes/CACX7605101P8/contacts/c-0011223344556677/code"], ["POST", "/mailboxes/CACX7605101P8/contacts/c-0011223344556677/verification"],
  ["GET", "/mailboxes/CACX7605101P8/consent"], ["POST", "/mailboxes/CACX7605101P8/consent"], ["POST", "/notifications"],
  ["GET", "/mailboxes/CACX7605101P8/notifications"], ["POST", "/mailboxes/CACX7605101P8/notifications/n-00112233445566778899aabbccddeeff/open"],
  ["GET", "/notifications/n-00112233445566778899aabbccddeeff/evidence"], ["GET", "/mailboxes/CACX7605101P8/notifications/n-00112233445566778899aabbccddeeff"], ["GET", "/timeline"], ["POST", "/dev/clock"],
  ["POST", "/mailboxes/%E0%A4%A/contacts"], ["GET", "/mailboxes/%00"],
] as const

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.record({ challengeId: fc.string(), certificate: fc.base64String(), signature: fc.base64String(), kind: fc.constantFrom("email", "mobile", "fax"), address: fc.string(), code: fc.stringMatching(/^[0-9]{1,7}$/), rfc: fc.string(), act: fc.object(), now: fc.string() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
  fc.constant(""),
)

describe("random bodies on every route", () => {
  let server: TestServer
  let employerToken: string
  beforeAll(async () => {
    const validity = { notBefore: FIXED_NOW - 86_400_000, notAfter: FIXED_NOW + 86_400_000 }
    const ca = generateTestCa(validity)
    const signer = signerOf(generateTestCredential({ ca, rfc: "CACX7605101P8", legalName: "XOCHILT CASAS CHAVEZ", curp: "CACX760510MGTSHC04", ...validity, password: "p" }))
    server = await startServer({ trustedCas: [ca.certificate], now: FIXED_NOW, app: { rateLimits: { loginPerAddress: { max: 1_000_000, windowMs: 60_000 } } } })
    employerToken = (await login(server.base, signer)).body.token
    await call(server.base, "POST", "/mailboxes", { token: employerToken })
  })
  afterAll(async () => server.close())

  it("covers every route that takes a body, as the OpenAPI document lists them", async () => {
    const document = (await call(server.base, "GET", "/openapi.json")).body as { paths: Record<string, Record<string, unknown>> }
    const posted = Object.entries(document.paths).flatMap(([template, operations]) => ("post" in operations ? [template] : []))
    const matches = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`)
    expect(posted.filter((template) => !routes.some(([method, path]) => method === "POST" && matches(template).test(path)))).toEqual([])
    expect(posted.length).toBeGreaterThan(8)
  })

  it("never answers 500, and refuses with problem+json", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes), jsonBody,
        fc.constantFrom<string | undefined>(undefined, "employer", "operator", "garbage"),
        fc.constantFrom("application/json", "text/plain", "application/merge-patch+json", "application/json; charset=latin1"),
        fc.option(fc.string({ maxLength: 40 }).filter((s) => /^[\x21-\x7e]*$/.test(s)), { nil: undefined }),
        fc.oneof(fc.string({ maxLength: 30 }), fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString())),
        async ([method, path], body, who, contentType, idempotencyKey, instant) => {
          const token = who === "employer" ? employerToken : who === "operator" ? OPERATOR_TOKEN : who
          const headers: Record<string, string> = { "content-type": contentType, ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }) }
          const query = path === "/timeline" ? `?deposited=${encodeURIComponent(instant)}` : ""
          const raw = path === "/dev/clock" && body.startsWith("{") ? JSON.stringify({ now: instant }) : body
          const answer = await call(server.base, method, `${path}${query}`, { ...(token === undefined ? {} : { token }), headers, ...(method === "POST" ? { raw } : {}) })
          expect(answer.status).not.toBe(500)
          if (answer.status >= 400) {
            expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/)
            expect(answer.body).toMatchObject({ type: expect.stringMatching(/^\/problems\/[A-Za-z]+$/), title: expect.any(String), status: answer.status, detail: expect.any(String) })
          }
        },
      ),
      { seed: 20261130, numRuns: 300 },
    )
  })
})
