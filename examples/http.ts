// The HTTP API (`@buzon/http`) over the Promise facade, on a free local port with a fixed clock: the
// public timeline calculator, an e.firma login, the start of an enrollment, and refusals as problem+json.
import { once } from "node:events"
import type { AddressInfo } from "node:net"
import { Result } from "effect"
import {
  createBuzon, generateTestCa, generateTestCredential, instituteSealOf, makeCalendar, makeMemorySender, makeTrustStore,
  readCredential, sign,
} from "@buzon/core"
import { createHttpApp } from "@buzon/http"

const now = () => Date.parse("2026-03-11T16:00:00Z") // 10:00 in Mexico City
const validity = { notBefore: Date.parse("2025-01-01T00:00:00Z"), notAfter: Date.parse("2028-12-31T00:00:00Z") }
const ca = generateTestCa(validity)
const fiel = (rfc: string, legalName: string) => {
  const files = generateTestCredential({ ca, rfc, legalName, password: "12345678a", ...validity })
  return { certificate: files.certificate, credential: Result.getOrThrow(readCredential(files.certificate, files.privateKey, files.password)) }
}
const kemper = fiel("EKU9003173C9", "ESCUELA KEMPER URGATE SA DE CV")
// #region app
const calendar = makeCalendar()
const buzon = createBuzon({ calendar, sender: makeMemorySender(now), trust: makeTrustStore([ca.certificate]),
  instituteSeal: instituteSealOf(fiel("IMS421231I45", "INSTITUTO MEXICANO DEL SEGURO SOCIAL").credential), clock: now })
const app = createHttpApp({ buzon, calendar, now, operatorToken: "example-operator-token" })

const server = app.listen(0, "127.0.0.1")
await once(server, "listening")
// #endregion app
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const call = async <Body = { type: string; title: string }>(method: string, path: string, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
  const response = await fetch(`${base}${path}`, { method, headers: { ...init.headers, ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    ...(init.body === undefined ? {} : { "content-type": "application/json" }) }, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) })
  return { status: response.status, type: response.headers.get("content-type")?.split(";")[0], body: (await response.json()) as Body }
}

const t = await call<{ openUntil: string; madeAt: string; effectiveOn: string }>("GET", `/timeline?deposited=${encodeURIComponent("2026-03-11T10:00:00-06:00")}`) // public: no credential
console.log("GET /timeline", t.status, JSON.stringify({ openUntil: t.body.openUntil, madeAt: t.body.madeAt, effectiveOn: t.body.effectiveOn }))
const challenge = await call<{ challengeId: string; nonce: string }>("POST", "/auth/challenge")
const session = await call<{ rfc: string; token: string }>("POST", "/auth/session", { body: { challengeId: challenge.body.challengeId,
  certificate: Buffer.from(kemper.certificate).toString("base64"), signature: Buffer.from(sign(kemper.credential, challenge.body.nonce)).toString("base64") } })
console.log("POST /auth/session", session.status, session.body.rfc)
const enrolled = await call<{ status: string }>("POST", "/mailboxes", { token: session.body.token })
console.log("POST /mailboxes", enrolled.status, enrolled.body.status)
const other = await call("GET", "/mailboxes/CACX7605101P8", { token: session.body.token })
console.log("GET /mailboxes/CACX7605101P8", other.status, other.type, JSON.stringify({ type: other.body.type, title: other.body.title }))
const noKey = await call("POST", "/notifications", { token: "example-operator-token", body: { rfc: "EKU9003173C9", act: { type: "oficio", reference: "OF-1", sha256: "5".repeat(64) } } })
console.log("POST /notifications", noKey.status, noKey.type, JSON.stringify({ type: noKey.body.type, title: noKey.body.title }))
server.close()
