/**
 * The enrollment-to-acuse journey through the HTTP API, written once and run with SAT's own test
 * credentials (when present) and with generated ones (always).
 */
import { expect } from "vitest"
import { call, codeSentTo, login, OPERATOR_TOKEN } from "./support/harness.js"
import type { Signer, TestServer } from "./support/harness.js"

export const EMAIL = "pagos@empresa.mx"
export const MOBILE = "+525512345678"
export const ACT_SHA256 = "3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7"

/** Enrolls `signer`'s RFC to an active mailbox; answers the session token. */
export const enrollToActive = async (server: TestServer, signer: Signer, rfc: string): Promise<string> => {
  const session = await login(server.base, signer)
  expect(session.status).toBe(201)
  expect(session.body.rfc).toBe(rfc)
  const token: string = session.body.token
  const started = await call(server.base, "POST", "/mailboxes", { token })
  expect({ status: started.status, etag: started.headers.get("etag"), mailboxStatus: started.body.status, contacts: started.body.contacts })
    .toEqual({ status: 201, etag: 'W/"1"', mailboxStatus: "enrolling", contacts: [] })
  const email = await call(server.base, "POST", `/mailboxes/${rfc}/contacts`, { token, body: { kind: "email", address: EMAIL } })
  expect({ status: email.status, kind: email.body.kind, address: email.body.address, verified: email.body.verified }).toEqual({ status: 201, kind: "email", address: "p***@empresa.mx", verified: false })
  const mobile = await call(server.base, "POST", `/mailboxes/${rfc}/contacts`, { token, body: { kind: "mobile", address: MOBILE } })
  expect({ status: mobile.status, address: mobile.body.address }).toEqual({ status: 201, address: "+52******5678" })
  for (const [contact, to] of [[email.body.contactId, EMAIL], [mobile.body.contactId, MOBILE]] as const) {
    const verified = await call(server.base, "POST", `/mailboxes/${rfc}/contacts/${contact}/verification`, { token, body: { code: await codeSentTo(server.base, to) } })
    expect(verified.status).toBe(200)
  }
  const consent = await call(server.base, "GET", `/mailboxes/${rfc}/consent`, { token })
  expect(consent.status).toBe(200)
  expect(consent.body.cadenaOriginal).toMatch(/^\|\|.*\|\|$/)
  expect(consent.body.cadenaOriginal).toContain(rfc)
  const signed = await call(server.base, "POST", `/mailboxes/${rfc}/consent`, { token, body: { signature: signer.sign(consent.body.cadenaOriginal), version: consent.body.version }, headers: { "if-match": consent.headers.get("etag")! } })
  expect({ status: signed.status, mailboxStatus: signed.body.status }).toEqual({ status: 200, mailboxStatus: "active" })
  return token
}

/** The operator deposits an act for `rfc` with an idempotency key; answers the notification id. */
export const depositAct = async (server: TestServer, rfc: string, key: string, sha256 = ACT_SHA256): Promise<string> => {
  const deposited = await call(server.base, "POST", "/notifications", {
    token: OPERATOR_TOKEN, headers: { "idempotency-key": key },
    body: { rfc, act: { type: "oficio", reference: `OF-${key}`, sha256 } },
  })
  expect(deposited.status).toBe(201)
  expect(deposited.body.notificationId).toMatch(/^n-[0-9a-f]{32}$/)
  return deposited.body.notificationId
}
