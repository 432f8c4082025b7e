/**
 * Issue #6 security tests, through a listening server: another RFC's mailbox, CSD and expired
 * certificates, replayed/expired challenges, a signature over the wrong nonce, tampered and expired
 * tokens, operator credentials, body limits and media types, brute-forcing a code, If-Match, headers.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { generateTestCa, generateTestCredential } from "@buzon/core"
import type { TestCredential } from "@buzon/core"
import { FIXED_NOW, noSatFixtures, readSatCa, readSatCredential } from "../support/satFixtures.js"
import { depositAct, enrollToActive } from "./journey.js"
import { b64, call, login, OPERATOR_TOKEN, signerOf, startServer } from "./support/harness.js"
import type { Answer, TestServer } from "./support/harness.js"

const validity = { notBefore: FIXED_NOW - 365 * 86_400_000, notAfter: FIXED_NOW + 365 * 86_400_000 }
const ca = generateTestCa({ ...validity })
const credential = (rfc: string, extra: Partial<Parameters<typeof generateTestCredential>[0]> = {}): TestCredential =>
  generateTestCredential({ ca, rfc, legalName: `PATRON ${rfc}`, curp: "CACX760510MGTSHC04", ...validity, password: "12345678a", ...extra })
const alice = signerOf(credential("CACX7605101P8"))
const bob = signerOf(credential("FUNK671228PH6"))

/** A refusal as RFC 9457 problem details, compared whole except the free-text detail. */
const expectProblem = (answer: Answer, status: number, tag: string, members: Record<string, unknown> = {}) => {
  expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/)
  expect({ ...answer.body, detail: typeof answer.body.detail }).toEqual({ type: `/problems/${tag}`, title: expect.any(String), status, detail: "string", instance: expect.any(String), ...members })
  expect(answer.status).toBe(status)
}

describe("security", () => {
  let server: TestServer
  let aliceToken: string
  beforeAll(async () => {
    server = await startServer({ trustedCas: [ca.certificate], now: FIXED_NOW })
    aliceToken = await enrollToActive(server, alice, "CACX7605101P8")
  })
  afterAll(async () => server.close())

  describe("an employer sees only its own mailbox", () => {
    it("refuses another RFC's mailbox, contacts, codes, consent and inbox (403), and changes nothing", async () => {
      const bobToken = (await login(server.base, bob)).body.token
      const before = await call(server.base, "GET", "/mailboxes/CACX7605101P8", { token: aliceToken })
      const contactId = before.body.contacts[0].contactId
      for (const [method, path, body] of [["GET", "/mailboxes/CACX7605101P8", undefined], ["POST", "/mailboxes/CACX7605101P8/contacts", { kind: "email", address: "x@y.mx" }],
        ["POST", `/mailboxes/CACX7605101P8/contacts/${contactId}/verification`, { code: "123456" }], ["POST", `/mailboxes/CACX7605101P8/contacts/${contactId}/code`, {}],
        ["GET", "/mailboxes/CACX7605101P8/consent", undefined], ["POST", "/mailboxes/CACX7605101P8/consent", { signature: bob.sign("anything") }],
        ["GET", "/mailboxes/CACX7605101P8/notifications", undefined]] as const)
        expectProblem(await call(server.base, method, path, { token: bobToken, ...(body === undefined ? {} : { body }) }), 403, "NotYourMailbox", { rfc: "FUNK671228PH6" })
      const after = await call(server.base, "GET", "/mailboxes/CACX7605101P8", { token: aliceToken })
      expect({ etag: after.headers.get("etag"), body: after.body }).toEqual({ etag: before.headers.get("etag"), body: before.body })
    })

    it("refuses another RFC's evidence and opening", async () => {
      server.setNow(FIXED_NOW)
      const id = await depositAct(server, "CACX7605101P8", "security-foreign")
      const bobToken = (await login(server.base, bob)).body.token
      expectProblem(await call(server.base, "GET", `/notifications/${id}/evidence`, { token: bobToken }), 403, "NotYourMailbox", { rfc: "FUNK671228PH6" })
      expectProblem(await call(server.base, "GET", `/mailboxes/FUNK671228PH6/notifications/${id}`, { token: bobToken }), 404, "UnknownNotification", { notificationId: id })
      expectProblem(await call(server.base, "POST", `/mailboxes/FUNK671228PH6/notifications/${id}/open`, { token: bobToken, body: { signature: bob.sign("x") } }), 403, "NotYourMailbox", { rfc: "FUNK671228PH6" })
      expectProblem(await call(server.base, "GET", `/mailboxes/CACX7605101P8/notifications/${id}`, { token: bobToken }), 403, "NotYourMailbox", { rfc: "FUNK671228PH6" })
      expectProblem(await call(server.base, "POST", `/mailboxes/CACX7605101P8/notifications/${id}/open`, { token: bobToken, body: { signature: bob.sign("x") } }), 403, "NotYourMailbox", { rfc: "FUNK671228PH6" })
      const line = await call(server.base, "GET", `/mailboxes/CACX7605101P8/notifications/${id}`, { token: aliceToken })
      expect({ status: line.status, state: line.body.status, openedAt: line.body.openedAt }).toEqual({ status: 200, state: "awaiting-aviso", openedAt: undefined })
    })
  })

  describe("e.firma login", () => {
    it("refuses a CSD where a FIEL is required", async () =>
      expectProblem(await login(server.base, signerOf(credential("EKU9003173C9", { kind: "CSD", representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" } }))), 401, "EfirmaRejected", { code: "EFIRMA_NOT_FIEL" }))

    it("refuses an expired certificate", async () =>
      expectProblem(await login(server.base, signerOf(credential("IANL750210963", { notBefore: FIXED_NOW - 900 * 86_400_000, notAfter: FIXED_NOW - 86_400_000 }))), 401, "EfirmaRejected", { code: "EFIRMA_EXPIRED" }))

    it("refuses a certificate from an untrusted CA", async () => {
      const otherCa = generateTestCa({ ...validity })
      const stranger = signerOf(generateTestCredential({ ca: otherCa, rfc: "CACX7605101P8", legalName: "X", curp: "CACX760510MGTSHC04", ...validity, password: "p" }))
      expectProblem(await login(server.base, stranger), 401, "EfirmaRejected", { code: "EFIRMA_UNTRUSTED_ISSUER" })
    })

    it("refuses a replayed challenge: a challenge is spent by its first use", async () => {
      const challenge = (await call(server.base, "POST", "/auth/challenge")).body
      const answer = { challengeId: challenge.challengeId, certificate: b64(alice.certificate), signature: alice.sign(challenge.nonce) }
      expect((await call(server.base, "POST", "/auth/session", { body: answer })).status).toBe(201)
      expectProblem(await call(server.base, "POST", "/auth/session", { body: answer }), 401, "EfirmaRejected", { code: "EFIRMA_SIGNATURE_INVALID" })
    })

    it("refuses an expired challenge", async () => {
      server.setNow(FIXED_NOW)
      const challenge = (await call(server.base, "POST", "/auth/challenge")).body
      expect(Date.parse(challenge.expiresAt)).toBe(FIXED_NOW + 120_000)
      server.setNow(FIXED_NOW + 120_000)
      const answer = { challengeId: challenge.challengeId, certificate: b64(alice.certificate), signature: alice.sign(challenge.nonce) }
      expectProblem(await call(server.base, "POST", "/auth/session", { body: answer }), 401, "EfirmaRejected", { code: "EFIRMA_SIGNATURE_INVALID" })
      server.setNow(FIXED_NOW)
    })

    it("refuses a signature over another nonce", async () => {
      const challenge = (await call(server.base, "POST", "/auth/challenge")).body
      const answer = { challengeId: challenge.challengeId, certificate: b64(alice.certificate), signature: alice.sign(`${challenge.nonce}x`) }
      expectProblem(await call(server.base, "POST", "/auth/session", { body: answer }), 401, "EfirmaRejected", { code: "EFIRMA_SIGNATURE_INVALID" })
    })

    it("refuses another holder's signature under a certificate", async () => {
      const challenge = (await call(server.base, "POST", "/auth/challenge")).body
      const answer = { challengeId: challenge.challengeId, certificate: b64(alice.certificate), signature: bob.sign(challenge.nonce) }
      expectProblem(await call(server.base, "POST", "/auth/session", { body: answer }), 401, "EfirmaRejected", { code: "EFIRMA_SIGNATURE_INVALID" })
    })
  })

  describe("session and operator tokens", () => {
    it("refuses a tampered token (another RFC written into its claims)", async () => {
      const token: string = (await login(server.base, alice)).body.token
      const [payload, mac] = token.split(".")
      const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"))
      const forged = `${Buffer.from(JSON.stringify({ ...claims, identity: { ...claims.identity, rfc: "FUNK671228PH6" } })).toString("base64url")}.${mac}`
      expectProblem(await call(server.base, "GET", "/mailboxes/FUNK671228PH6", { token: forged }), 401, "TokenInvalid")
      expectProblem(await call(server.base, "GET", "/mailboxes/CACX7605101P8", { token: `${token}x` }), 401, "TokenInvalid")
    })

    it("refuses a session token after its 15 minutes", async () => {
      server.setNow(FIXED_NOW)
      const token: string = (await login(server.base, alice)).body.token
      server.setNow(FIXED_NOW + 15 * 60_000)
      expectProblem(await call(server.base, "GET", "/mailboxes/CACX7605101P8", { token }), 401, "TokenExpired", { expiredAt: FIXED_NOW + 15 * 60_000 })
      server.setNow(FIXED_NOW)
    })

    it("refuses deposits without, or with a wrong, operator credential — and from an employer", async () => {
      const body = { rfc: "CACX7605101P8", act: { type: "oficio", reference: "OF-1", sha256: "a".repeat(64) } }
      const headers = { "idempotency-key": "op-1" }
      expectProblem(await call(server.base, "POST", "/notifications", { body, headers }), 401, "Unauthenticated", { scheme: "operator" })
      expectProblem(await call(server.base, "POST", "/notifications", { body, headers, token: "not-the-operator-token" }), 401, "OperatorCredentialRejected")
      expectProblem(await call(server.base, "POST", "/notifications", { body, headers, token: aliceToken }), 401, "OperatorCredentialRejected")
      expectProblem(await call(server.base, "POST", "/notifications", { body, token: OPERATOR_TOKEN }), 428, "IdempotencyKeyMissing")
    })

    it("refuses a reused Idempotency-Key with another act (422), and answers a true retry with the same notification (200)", async () => {
      const body = (sha256: string) => ({ rfc: "CACX7605101P8", act: { type: "oficio", reference: "OF-key", sha256 } })
      const headers = { "idempotency-key": "security-reused-key" }
      const first = await call(server.base, "POST", "/notifications", { token: OPERATOR_TOKEN, headers, body: body("b".repeat(64)) })
      const retry = await call(server.base, "POST", "/notifications", { token: OPERATOR_TOKEN, headers, body: body("b".repeat(64)) })
      expect([first.status, retry.status, retry.body]).toEqual([201, 200, first.body])
      expectProblem(await call(server.base, "POST", "/notifications", { token: OPERATOR_TOKEN, headers, body: body("c".repeat(64)) }), 422, "DepositConflict",
        { notificationId: first.body.notificationId, idempotencyKey: "security-reused-key" })
    })

    it("refuses the operator token where the patrón's own e.firma session is needed (403)", async () => {
      expectProblem(await call(server.base, "POST", "/mailboxes", { token: OPERATOR_TOKEN }), 403, "EmployerOnly")
      expectProblem(await call(server.base, "POST", "/mailboxes/CACX7605101P8/consent", { token: OPERATOR_TOKEN, body: { signature: "AAAA" } }), 403, "EmployerOnly")
    })

    it("refuses an employer route without credentials", async () =>
      expectProblem(await call(server.base, "POST", "/mailboxes"), 401, "Unauthenticated", { scheme: "employer" }))
  })

  describe("bodies", () => {
    it("refuses an oversized body (413), malformed JSON (400), a non-JSON body (415) and unknown fields (400)", async () => {
      expectProblem(await call(server.base, "POST", "/auth/session", { raw: JSON.stringify({ challengeId: "x".repeat(70_000) }), headers: { "content-type": "application/json" } }), 413, "BodyTooLarge", { limitBytes: 65_536 })
      expectProblem(await call(server.base, "POST", "/auth/session", { raw: '{"challengeId":', headers: { "content-type": "application/json" } }), 400, "MalformedJson")
      expectProblem(await call(server.base, "POST", "/auth/session", { raw: "challengeId=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415, "UnsupportedMediaType", { contentType: "application/x-www-form-urlencoded" })
      const extra = await call(server.base, "POST", `/mailboxes/CACX7605101P8/contacts`, { token: aliceToken, body: { kind: "email", address: "a@b.mx", admin: true } })
      expectProblem(extra, 400, "RequestInvalid", { issues: expect.stringContaining("admin") })
    })

    it("answers an unknown route with a problem", async () =>
      expectProblem(await call(server.base, "GET", "/nope"), 404, "RouteNotFound", { method: "GET", path: "/nope" }))
  })

  describe("verification codes", () => {
    it("locks a code after 5 wrong tries, then refuses even the right one", async () => {
      server.setNow(FIXED_NOW)
      const carol = signerOf(credential("GOMA800101AB1"))
      const token = (await login(server.base, carol)).body.token
      await call(server.base, "POST", "/mailboxes", { token })
      const contact = (await call(server.base, "POST", "/mailboxes/GOMA800101AB1/contacts", { token, body: { kind: "email", address: "carol@empresa.mx" } })).body
      const outbox = (await call(server.base, "GET", "/dev/outbox")).body as Array<{ to: string; body: string }>
      const sent = outbox.filter((m) => m.to === "carol@empresa.mx").at(-1)!
      // Issue #6: a `GET /dev/outbox` entry is `{ channel, to, body, sentAt }` (plus the subject and purpose the sender was given).
      expect(sent).toEqual({ channel: "email", to: "carol@empresa.mx", subject: "Buzón IMSS: código de verificación", body: expect.stringMatching(/\b[0-9]{6}\b/), purpose: "verification-code", sentAt: new Date(FIXED_NOW).toISOString() })
      const right = sent.body.match(/\b([0-9]{6})\b/)![1]!
      const wrong = right === "000000" ? "111111" : "000000"
      const path = `/mailboxes/GOMA800101AB1/contacts/${contact.contactId}/verification`
      for (let attempt = 1; attempt <= 5; attempt++)
        expectProblem(await call(server.base, "POST", path, { token, body: { code: wrong } }), 422, "VerificationCodeRejected", { contactId: contact.contactId, attempt, attemptsLeft: 5 - attempt })
      expectProblem(await call(server.base, "POST", path, { token, body: { code: right } }), 423, "CodeLocked", { contactId: contact.contactId, attempts: 5 })
      // A new code unlocks it (DOMAIN §2.2: the lock is per code).
      const resent = await call(server.base, "POST", `/mailboxes/GOMA800101AB1/contacts/${contact.contactId}/code`, { token })
      expect({ status: resent.status, body: resent.body }).toEqual({ status: 202, body: { contactId: contact.contactId, kind: "email", address: "c***@empresa.mx", verified: false } })
      const fresh = (await call(server.base, "GET", "/dev/outbox")).body.filter((m: { to: string }) => m.to === "carol@empresa.mx").at(-1).body.match(/\b([0-9]{6})\b/)[1]
      const verified = await call(server.base, "POST", path, { token, body: { code: fresh } })
      expect({ status: verified.status, contacts: verified.body.contacts }).toEqual({ status: 200, contacts: [{ contactId: contact.contactId, kind: "email", address: "c***@empresa.mx", verified: true }] })
    })

    it("limits code attempts per RFC (429 with Retry-After)", async () => {
      const limited = await startServer({ trustedCas: [ca.certificate], now: FIXED_NOW, app: { rateLimits: { codePerRfc: { max: 2, windowMs: 3_600_000 } } } })
      try {
        const token = (await login(limited.base, alice)).body.token
        const path = "/mailboxes/CACX7605101P8/contacts/c-unknown/verification"
        await call(limited.base, "POST", path, { token, body: { code: "123456" } })
        await call(limited.base, "POST", path, { token, body: { code: "123456" } })
        const third = await call(limited.base, "POST", path, { token, body: { code: "123456" } })
        expectProblem(third, 429, "RateLimited", { scope: "code per rfc", retryAfterSeconds: 3600 })
        expect(third.headers.get("retry-after")).toBe("3600")
      } finally {
        await limited.close()
      }
    })

    it("limits code attempts per network address, across RFCs (429 with Retry-After)", async () => {
      const limited = await startServer({ trustedCas: [ca.certificate], now: FIXED_NOW, app: { rateLimits: { codePerAddress: { max: 2, windowMs: 3_600_000 } } } })
      try {
        const tries = [[alice, "CACX7605101P8"], [bob, "FUNK671228PH6"], [bob, "FUNK671228PH6"]] as const
        const statuses: Array<number> = []
        let last: Answer | undefined
        for (const [signer, rfc] of tries) {
          const token = (await login(limited.base, signer)).body.token
          last = await call(limited.base, "POST", `/mailboxes/${rfc}/contacts/c-unknown/verification`, { token, body: { code: "123456" } })
          statuses.push(last.status)
        }
        expect(statuses).toEqual([404, 404, 429])
        expectProblem(last!, 429, "RateLimited", { scope: "code per address", retryAfterSeconds: 3600 })
        expect(last!.headers.get("retry-after")).toBe("3600")
      } finally {
        await limited.close()
      }
    })

    it("limits logins per RFC, failed ones included", async () => {
      const limited = await startServer({ trustedCas: [ca.certificate], now: FIXED_NOW, app: { rateLimits: { loginPerRfc: { max: 2, windowMs: 15 * 60_000 } } } })
      try {
        const challenge = (await call(limited.base, "POST", "/auth/challenge")).body
        const wrong = { challengeId: challenge.challengeId, certificate: b64(alice.certificate), signature: bob.sign(challenge.nonce) }
        expect((await call(limited.base, "POST", "/auth/session", { body: wrong })).status).toBe(401)
        expect((await login(limited.base, alice)).status).toBe(201)
        expectProblem(await login(limited.base, alice), 429, "RateLimited", { scope: "login per rfc", retryAfterSeconds: 900 })
        expect((await login(limited.base, bob)).status).toBe(201) // another RFC is counted apart
      } finally {
        await limited.close()
      }
    })

    it("limits logins per network address", async () => {
      const limited = await startServer({ trustedCas: [ca.certificate], now: FIXED_NOW, app: { rateLimits: { loginPerAddress: { max: 3, windowMs: 60_000 } } } })
      try {
        for (let i = 0; i < 3; i++) expect((await call(limited.base, "POST", "/auth/challenge")).status).toBe(201)
        expectProblem(await call(limited.base, "POST", "/auth/challenge"), 429, "RateLimited", { scope: "login per address", retryAfterSeconds: 60 })
      } finally {
        await limited.close()
      }
    })
  })

  describe("concurrency and headers", () => {
    it("answers 412 when If-Match names an old version", async () => {
      const mailbox = await call(server.base, "GET", "/mailboxes/CACX7605101P8", { token: aliceToken })
      const stale = 'W/"1"'
      expect(mailbox.headers.get("etag")).not.toBe(stale)
      expectProblem(await call(server.base, "POST", "/mailboxes/CACX7605101P8/contacts", { token: aliceToken, headers: { "if-match": stale }, body: { kind: "email", address: "otro@empresa.mx" } }),
        412, "PreconditionFailed", { currentETag: mailbox.headers.get("etag"), ifMatch: stale })
    })

    it("sends the security headers, a strict CSP on /docs, and no HSTS over plain HTTP", async () => {
      const api = await call(server.base, "GET", "/openapi.json")
      const docs = await call(server.base, "GET", "/docs")
      const pick = (a: Answer) => ({ nosniff: a.headers.get("x-content-type-options"), frame: a.headers.get("x-frame-options"), referrer: a.headers.get("referrer-policy"),
        poweredBy: a.headers.get("x-powered-by"), hsts: a.headers.get("strict-transport-security"), csp: a.headers.get("content-security-policy") })
      expect(pick(api)).toEqual({ nosniff: "nosniff", frame: "DENY", referrer: "no-referrer", poweredBy: null, hsts: null, csp: "default-src 'none'; frame-ancestors 'none'" })
      expect(pick(docs).csp).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
      expect(docs.body).toContain("<code>/mailboxes/{rfc}/notifications/{id}/open</code>")
      expect(api.body.openapi).toBe("3.1.0")
    })

    it("sends HSTS behind a TLS-terminating proxy", async () => {
      const proxied = await startServer({ trustedCas: [ca.certificate], now: FIXED_NOW, app: { trustProxy: true } })
      try {
        expect((await call(proxied.base, "GET", "/openapi.json", { headers: { "x-forwarded-proto": "https" } })).headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains")
      } finally {
        await proxied.close()
      }
    })
  })
})

describe("a defect answers 500 without internals", () => {
  it("hides a sender's crash behind an incident id", async () => {
    const incidents: Array<string> = []
    let crashed = false // a provider whose client library crashes (a defect), once the mailbox exists
    const crashing = await startServer({
      trustedCas: [ca.certificate], now: FIXED_NOW, app: { onDefect: (id) => incidents.push(id) },
      sender: (outbox) => ({ send: (message) => (crashed ? Effect.die(new Error("secret internal failure at /srv/buzon/db")) : outbox.send(message)) }),
    })
    try {
      const token = (await login(crashing.base, alice)).body.token
      await call(crashing.base, "POST", "/mailboxes", { token })
      crashed = true
      const answer = await call(crashing.base, "POST", "/mailboxes/CACX7605101P8/contacts", { token, body: { kind: "email", address: "a@b.mx" } })
      expect(answer.status).toBe(500)
      expect(answer.body).toEqual({ type: "/problems/InternalError", title: "Something went wrong on our side", status: 500, detail: `The request could not be completed. Quote incident ${incidents[0]} to the operator.`, instance: "/mailboxes/CACX7605101P8/contacts", incidentId: incidents[0] })
      expect(JSON.stringify(answer.body)).not.toContain("secret")
    } finally {
      await crashing.close()
    }
  })
})

describe.skipIf(noSatFixtures)("security with SAT's own CSD and expired FIELs", () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({ trustedCas: ["test/AC_UAT_2022.cer", "test/ARC_UAT_2022.cer", "test/AC_4096_2018.cer", "test/arcbeta_crt_raiz.cer", "test/ac2_4096_DER.cer", "test/ARC_UAT.cer"].map(readSatCa), now: FIXED_NOW })
  })
  afterAll(async () => server.close())

  it("refuses SAT's CSD (EKU9003173C9, OU Sucursal 1)", async () =>
    expectProblem(await login(server.base, signerOf(readSatCredential("moral-csd-EKU9003173C9"))), 401, "EfirmaRejected", { code: "EFIRMA_NOT_FIEL" }))

  it("refuses SAT's expired FIELs, Ñ included", async () => {
    for (const name of ["expired-moral-fiel-AAA010101AAA", "expired-fisica-fiel-CACX7605101P8-2019", "expired-moral-fiel-ONO120726RX3-enye"] as const)
      expectProblem(await login(server.base, signerOf(readSatCredential(name))), 401, "EfirmaRejected", { code: "EFIRMA_EXPIRED" })
  })
})
