/**
 * The OCSP checker against a REAL `openssl ocsp` responder on 127.0.0.1 (issue #3), serving an
 * index that revokes one generated certificate. The responder stamps its answers with the real
 * time, so freshness is checked against the live clock; the cache's expiry uses TestClock set to it.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer, Result } from "effect"
import { TestClock } from "effect/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  EfirmaRejected, generateTestCa, generateTestCredential, makeTrustStore, readCertificate, RevocationChecker, validateFiel,
} from "@buzon/core"
import type { Certificate, RevocationQuery } from "@buzon/core"
import { makeOcspRevocationChecker, OcspRevocationChecker } from "./ocsp.js"
import { certIdOf, ocspRequest } from "./ocspMessages.js"
import { createServer as createHttpServer, type Server } from "node:http"

const FIXED_NOW = Date.parse("2026-11-30T12:00:00Z")
const span = { notBefore: Date.parse("2024-01-01T00:00:00Z"), notAfter: Date.parse("2032-01-01T00:00:00Z") }
const ca = generateTestCa({ commonName: "AC OCSP PRUEBAS", ...span })
const credential = (rfc: string, certificateNumber: string) =>
  Result.getOrThrow(readCertificate(generateTestCredential({ ca, rfc, legalName: `TITULAR ${rfc}`, curp: "XEXX010101HNEXXXA4", certificateNumber, password: "x", ...span }).certificate))
const good = credential("GOOD010101AB1", "30001000000500000001")
const revoked = credential("REVO010101AB1", "30001000000500000002")
const stranger = credential("UNKN010101AB1", "30001000000500000003")
const caCertificate = makeTrustStore([ca.certificate]).anchors[0]!
const queryOf = (certificate: Certificate): RevocationQuery => ({ certificate, issuer: caCertificate })

const pem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`
const REVOKED_AT = "260101000000Z" // 2026-01-01T00:00:00Z, keyCompromise

const dir = mkdtempSync(join(tmpdir(), "buzon-ocsp-"))
let responder: ChildProcess | undefined
let url = ""
let goodAnswer = new Uint8Array()
let goodAnswerWithNonce = new Uint8Array()
const captureNonce = new Uint8Array(32).fill(0x5a)

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })
beforeAll(async () => {
  writeFileSync(join(dir, "ca.pem"), pem(ca.certificate))
  writeFileSync(join(dir, "ca.key"), ca.privateKeyPem)
  writeFileSync(
    join(dir, "index.txt"),
    [`V\t320101000000Z\t\t${good.serial.toUpperCase()}\tunknown\t/CN=GOOD`, `R\t320101000000Z\t${REVOKED_AT},keyCompromise\t${revoked.serial.toUpperCase()}\tunknown\t/CN=REVOKED`, ""].join("\n"),
  )
  const port = await freePort()
  url = `http://127.0.0.1:${port}/`
  responder = spawn("openssl", ["ocsp", "-index", "index.txt", "-port", String(port), "-rsigner", "ca.pem", "-rkey", "ca.key", "-CA", "ca.pem", "-nmin", "5"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  })
  // Wait for openssl's own "waiting for OCSP client connections" line: probing the port with an
  // empty connection makes `openssl ocsp` (3.0) spin on it and never answer again.
  await new Promise<void>((resolve, reject) => {
    let said = ""
    const timer = setTimeout(() => reject(new Error(`openssl ocsp did not start: ${said}`)), 10_000)
    responder?.stderr?.on("data", (chunk: Buffer) => {
      said += chunk.toString()
      if (said.includes("waiting for OCSP client connections")) (clearTimeout(timer), resolve())
    })
    responder?.on("error", (error) => (clearTimeout(timer), reject(error)))
  })
  // A genuine answer about `good`, kept to be replayed by the fake responder below.
  const asked = await fetch(url, { method: "POST", headers: { "content-type": "application/ocsp-request" }, body: ocspRequest(certIdOf(queryOf(good))) })
  goodAnswer = new Uint8Array(await asked.arrayBuffer())
  const askedWithNonce = await fetch(url, { method: "POST", headers: { "content-type": "application/ocsp-request" }, body: ocspRequest(certIdOf(queryOf(good)), captureNonce) })
  goodAnswerWithNonce = new Uint8Array(await askedWithNonce.arrayBuffer())
})

afterAll(() => {
  responder?.kill()
  rmSync(dir, { recursive: true, force: true })
})

const check = (certificate: Certificate, options: { responderCertificate?: Uint8Array; at?: string } = {}) =>
  Effect.runPromise(
    Effect.result(makeOcspRevocationChecker({ url: options.at ?? url, responderCertificate: options.responderCertificate ?? ca.certificate }).check(queryOf(certificate))),
  )

describe("OCSP against a live openssl responder", () => {
  it("good: the answer carries the responder's instants and a nextUpdate 5 minutes on", async () => {
    const r = await check(good)
    const status = Result.getOrThrow(r)
    expect(status.status === "good" && status.nextUpdate !== undefined ? status.nextUpdate - status.producedAt : "not good").toBeGreaterThanOrEqual(299_000)
    expect(Object.keys(status).sort()).toEqual(["nextUpdate", "producedAt", "status"])
  })

  it("revoked: the revocation time and reason of the index", async () => {
    const status = Result.getOrThrow(await check(revoked))
    expect({ ...status, producedAt: 0 }).toEqual({ status: "revoked", producedAt: 0, revokedAt: Date.parse("2026-01-01T00:00:00Z"), reason: "keyCompromise" })
  })

  it("unknown: a certificate the index does not list", async () => {
    const status = Result.getOrThrow(await check(stranger))
    expect({ ...status, producedAt: 0 }).toEqual({ status: "unknown", producedAt: 0 })
  })

  it("an answer signed by another key than the configured responder's is not trusted", async () => {
    const other = generateTestCa({ commonName: "OTRO RESPONDEDOR", ...span })
    expect(await check(good, { responderCertificate: other.certificate })).toEqual(
      Result.fail(new EfirmaRejected({ code: "EFIRMA_REVOCATION_UNKNOWN", detail: `OCSP response from ${url} rejected: the response is not signed by the configured responder` })),
    )
  })

  it("an expired responder certificate is not trusted, before anything is asked", async () => {
    const old = generateTestCa({ commonName: "RESPONDEDOR VENCIDO", notBefore: Date.parse("2020-01-01T00:00:00Z"), notAfter: Date.parse("2021-01-01T00:00:00Z") })
    expect(await check(good, { responderCertificate: old.certificate })).toEqual(
      Result.fail(new EfirmaRejected({ code: "EFIRMA_REVOCATION_UNKNOWN", detail: "the configured OCSP responder certificate is valid 2020-01-01T00:00:00.000Z → 2021-01-01T00:00:00.000Z, not now" })),
    )
  })

  it("validateFiel through the RevocationChecker layer: good passes, revoked is EFIRMA_REVOKED", async () => {
    const trust = makeTrustStore([ca.certificate])
    const program = (certificate: Certificate) =>
      Effect.gen(function* () {
        const revocation = yield* RevocationChecker
        return yield* validateFiel(certificate, { at: FIXED_NOW, trust, revocation })
      }).pipe(Effect.provide(OcspRevocationChecker.layer({ url, responderCertificate: ca.certificate })), Effect.result)
    expect(await Effect.runPromise(program(good))).toEqual(Result.succeed(good))
    expect(await Effect.runPromise(program(revoked))).toEqual(
      Result.fail(new EfirmaRejected({ code: "EFIRMA_REVOKED", detail: "certificate 30001000000500000002 was revoked 2026-01-01T00:00:00.000Z (keyCompromise)" })),
    )
  })

  it("caches until nextUpdate; then asks again; with the responder down the cause is in detail", async () => {
    const checker = makeOcspRevocationChecker({ url, responderCertificate: ca.certificate })
    const now = Date.now() // openssl stamps real time; the test clock starts there
    const outcome = await Effect.runPromise(
      Effect.gen(function* () {
        yield* TestClock.setTime(now)
        const first = yield* checker.check(queryOf(good))
        responder?.kill()
        yield* Effect.promise(() => new Promise((r) => setTimeout(r, 200)))
        const cached = yield* checker.check(queryOf(good))
        const uncached = yield* Effect.result(checker.check(queryOf(revoked)))
        yield* TestClock.adjust("6 minutes")
        const expired = yield* Effect.result(checker.check(queryOf(good)))
        return { same: cached === first, uncached, expired }
      }).pipe(Effect.provide(Layer.mergeAll(TestClock.layer()))),
    )
    const down = (detail: string) => Result.fail(new EfirmaRejected({ code: "EFIRMA_REVOCATION_UNKNOWN", detail }))
    expect(outcome).toEqual({
      same: true,
      uncached: down(`OCSP responder ${url} unreachable: connect ECONNREFUSED ${url.slice(7, -1)}`),
      expired: down(`OCSP responder ${url} unreachable: connect ECONNREFUSED ${url.slice(7, -1)}`),
    })
  })
})

describe("OCSP answers that cannot be trusted (a loopback fake responder replaying bytes)", () => {
  let fake: Server | undefined
  let reply: { status: number; body: Uint8Array } = { status: 200, body: new Uint8Array() }
  let fakeUrl = ""
  beforeAll(async () => {
    fake = createHttpServer((req, res) => {
      req.resume()
      req.on("end", () => res.writeHead(reply.status, { "content-type": "application/ocsp-response" }).end(Buffer.from(reply.body)))
    })
    await new Promise<void>((resolve) => fake?.listen(0, "127.0.0.1", resolve))
    const address = fake?.address()
    fakeUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/`
  })
  afterAll(() => void fake?.close())

  const answerFor = async (certificate: Certificate, status: number, body: Uint8Array, now?: number) => {
    reply = { status, body }
    const checker = makeOcspRevocationChecker({ url: fakeUrl, responderCertificate: ca.certificate })
    const effect = Effect.result(checker.check(queryOf(certificate)))
    return Effect.runPromise(now === undefined ? effect : Effect.provide(Effect.flatMap(TestClock.setTime(now), () => effect), TestClock.layer()))
  }
  const rejectedBecause = (reason: string) =>
    Result.fail(new EfirmaRejected({ code: "EFIRMA_REVOCATION_UNKNOWN", detail: `OCSP response from ${fakeUrl} rejected: ${reason}` }))

  it("the genuine answer replayed is still good (the fake is faithful)", async () => {
    const r = await answerFor(good, 200, goodAnswer)
    expect(Result.isSuccess(r) && r.success.status).toBe("good")
  })

  it("openssl echoes the nonce; replayed to a later request (another nonce) the answer is refused", async () => {
    expect(Buffer.from(goodAnswerWithNonce).includes(Buffer.from(captureNonce))).toBe(true)
    expect(await answerFor(good, 200, goodAnswerWithNonce)).toEqual(rejectedBecause("the response's nonce is not this request's (a replay?)"))
  })

  it("an answer about another certificate does not answer for this one", async () => {
    expect(await answerFor(revoked, 200, goodAnswer)).toEqual(rejectedBecause("the response does not mention the certificate asked about"))
  })

  it("a signed byte changed breaks the signature", async () => {
    const tampered = new Uint8Array(goodAnswer)
    const at = Buffer.from(tampered).indexOf(Buffer.from(good.serial, "hex")) // the serial inside tbsResponseData
    tampered[at + 1] = (tampered[at + 1] ?? 0) ^ 1
    expect(await answerFor(good, 200, tampered)).toEqual(rejectedBecause("the response is not signed by the configured responder"))
  })

  it("a stale answer (past nextUpdate + 5 min skew) is refused", async () => {
    expect(await answerFor(good, 200, goodAnswer, Date.now() + 11 * 60_000)).toEqual(
      expect.objectContaining({ failure: expect.objectContaining({ code: "EFIRMA_REVOCATION_UNKNOWN", detail: expect.stringMatching(/rejected: stale: nextUpdate .* has passed$/) }) }),
    )
  })

  it("tryLater, HTTP 500 and garbage are EFIRMA_REVOCATION_UNKNOWN with the cause", async () => {
    expect(await answerFor(good, 200, new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x03]))).toEqual(rejectedBecause("the responder answered tryLater"))
    expect(await answerFor(good, 500, new Uint8Array())).toEqual(
      Result.fail(new EfirmaRejected({ code: "EFIRMA_REVOCATION_UNKNOWN", detail: `OCSP responder ${fakeUrl} unreachable: HTTP 500 from the responder` })),
    )
    const garbage = await answerFor(good, 200, new Uint8Array([1, 2, 3, 4, 5]))
    expect(Result.isFailure(garbage) && [garbage.failure.code, garbage.failure.detail.startsWith(`OCSP response from ${fakeUrl} rejected: `)]).toEqual(["EFIRMA_REVOCATION_UNKNOWN", true])
  })
})
