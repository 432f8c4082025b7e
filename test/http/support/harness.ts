/**
 * A real listening server on 127.0.0.1 (port 0) over the in-memory store, the outbox sender and a
 * settable clock, for the end-to-end journeys; and a small client that signs with e.firma.
 */
import type { Server } from "node:http"
import { Result } from "effect"
import { createBuzon, generateTestCa, generateTestCredential, instituteSealOf, makeCalendar, makeMemoryEventStore, makeTrustStore, readCredential, readPrivateKey, seededRandomBytes, sign } from "@buzon/core"
import type { AvisoSenderShape, EventStoreShape, InstituteSealShape } from "@buzon/core"
import { makeOutboxSender } from "@buzon/adapters"
import type { OutboxSenderShape } from "@buzon/adapters"
import { createHttpApp } from "@buzon/http"
import type { HttpAppOptions } from "@buzon/http"

export const OPERATOR_TOKEN = "operator-token-for-tests-0123456789"

let institute: InstituteSealShape | undefined
/** The institute's seal for tests: a generated credential (made once per test file). */
export const instituteSeal = (): InstituteSealShape => {
  if (institute !== undefined) return institute
  const validity = { notBefore: Date.parse("2020-01-01T00:00:00Z"), notAfter: Date.parse("2040-01-01T00:00:00Z") }
  const ca = generateTestCa({ commonName: "AC INSTITUTO PRUEBAS", ...validity })
  const made = generateTestCredential({ ca, rfc: "IMS421231I45", legalName: "INSTITUTO MEXICANO DEL SEGURO SOCIAL", representative: { rfc: "DEMO800101AB1", curp: "DEMO800101HDFXXX01" }, ...validity, password: "p" })
  const credential = readCredential(made.certificate, made.privateKey, made.password)
  if (Result.isFailure(credential)) throw new Error(credential.failure.message)
  institute = instituteSealOf(credential.success)
  return institute
}

export interface TestServer {
  readonly base: string
  readonly outbox: OutboxSenderShape
  readonly now: () => number
  readonly setNow: (instant: number) => void
  readonly close: () => Promise<void>
}

export const startServer = async (options: {
  readonly trustedCas: ReadonlyArray<Uint8Array>
  readonly now: number
  readonly app?: Partial<Omit<HttpAppOptions, "buzon" | "calendar" | "now">>
  /** The event store (default: a fresh in-memory one). */
  readonly store?: EventStoreShape
  /** The sender the core uses, built around the outbox (default: the outbox itself). */
  readonly sender?: (outbox: OutboxSenderShape) => AvisoSenderShape
}): Promise<TestServer> => {
  let now = options.now
  const clock = () => now
  const outbox = makeOutboxSender({ now: clock })
  const calendar = makeCalendar()
  const buzon = createBuzon({
    store: options.store ?? makeMemoryEventStore(), calendar, sender: options.sender?.(outbox) ?? outbox, instituteSeal: instituteSeal(), trust: makeTrustStore([...options.trustedCas]), clock, randomBytes: seededRandomBytes(20261130),
  })
  const app = createHttpApp({
    buzon, calendar, now: clock, operatorToken: OPERATOR_TOKEN,
    development: {
      outbox: outbox.messages,
      now: clock,
      setClock: async (instant) => {
        now = instant
        await buzon.runDue(instant)
      },
    },
    ...options.app,
  })
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, "127.0.0.1", () => resolve(s)) })
  const { port } = server.address() as { port: number }
  return {
    base: `http://127.0.0.1:${port}`,
    outbox,
    now: clock,
    setNow: (instant) => { now = instant },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await buzon.close()
    },
  }
}

export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly body: any
}

export const call = async (base: string, method: string, path: string, init: { readonly token?: string; readonly body?: unknown; readonly headers?: Record<string, string>; readonly raw?: string } = {}): Promise<Answer> => {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token !== undefined) headers["authorization"] = `Bearer ${init.token}`
  let body: string | undefined = init.raw
  if (init.body !== undefined) {
    body = JSON.stringify(init.body)
    headers["content-type"] ??= "application/json"
  }
  const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })
  const text = await response.text()
  const type = response.headers.get("content-type") ?? ""
  return { status: response.status, headers: response.headers, body: type.includes("json") && text !== "" ? JSON.parse(text) : text }
}

/** An e.firma as a client holds it: the certificate and the decrypted key. */
export interface Signer {
  readonly certificate: Uint8Array
  readonly sign: (data: string) => string
}

export const signerOf = (credential: { readonly certificate: Uint8Array; readonly privateKey: Uint8Array; readonly password: string }): Signer => {
  const key = readPrivateKey(credential.privateKey, credential.password)
  if (Result.isFailure(key)) throw new Error(`test credential key: ${key.failure.message}`)
  return { certificate: credential.certificate, sign: (data) => Buffer.from(sign(key.success, data)).toString("base64") }
}

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64")

/** Challenge → session: the bearer token (or the failed answer). */
export const login = async (base: string, signer: Signer): Promise<Answer> => {
  const challenge = await call(base, "POST", "/auth/challenge")
  return call(base, "POST", "/auth/session", { body: { challengeId: challenge.body.challengeId, certificate: b64(signer.certificate), signature: signer.sign(challenge.body.nonce) } })
}

/** The latest 6-digit code the outbox sent to `to`. */
export const codeSentTo = async (base: string, to: string): Promise<string> => {
  const outbox = await call(base, "GET", "/dev/outbox")
  const message = [...(outbox.body as Array<{ to: string; body: string; purpose: string }>)].reverse().find((m) => m.to === to && m.purpose === "verification-code")
  const code = message?.body.match(/\b([0-9]{6})\b/)?.[1]
  if (code === undefined) throw new Error(`no code was sent to ${to}`)
  return code
}
