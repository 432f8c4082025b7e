/**
 * Issue #6, "Must show": enroll → verify both contacts (codes from the outbox) → sign consent →
 * operator deposits → aviso → open → acuse, and the bundle verifies offline; the deemed path via
 * the dev clock; estrados for an unenrolled RFC. Run with SAT's test credentials and with generated ones.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { generateTestCa, generateTestCredential, verifyBundle, verifySello } from "@buzon/core"
import type { EventStoreShape } from "@buzon/core"
import { openSqliteEventStore } from "@buzon/adapters"
import { FIXED_NOW, noSatFixtures, readSatCa, readSatCredential } from "../support/satFixtures.js"
import { ACT_SHA256, depositAct, EMAIL, enrollToActive, MOBILE } from "./journey.js"
import { call, instituteSeal, login, OPERATOR_TOKEN, signerOf, startServer } from "./support/harness.js"
import type { Signer, TestServer } from "./support/harness.js"

// FIXED_NOW is Mon 2026-11-30 06:00 in Mexico City: before the 09:30 window opens.
const AVISO_AT = Date.parse("2026-11-30T15:30:00Z") // 09:30 CDMX, DOMAIN §3.2
const OPEN_AT = Date.parse("2026-11-30T16:00:00Z") // 10:00 CDMX, inside the window: made at that instant (§3.4)
const DAY3_LATE = Date.parse("2026-12-03T23:00:00Z") // Thu 3 Dec 17:00 CDMX: day 3, still open
const DEEMED_AT = Date.parse("2026-12-04T15:30:00Z") // Fri 4 Dec 09:30 CDMX: the 4th business day (§3.5)
const ESTRADOS_NOTIFIED_AT = Date.parse("2026-12-15T15:30:00Z") // Tue 15 Dec 09:30 CDMX: the 11th business day after a Mon 30 Nov publication (CFF art. 139)

interface JourneySetup {
  readonly signer: Signer
  readonly rfc: string
  readonly cas: ReadonlyArray<Uint8Array>
  /** A store and how to close it (default: in-memory). */
  readonly store?: { readonly shape: EventStoreShape; readonly close: () => void }
}

const journey = (label: string, setup: () => JourneySetup) =>
  describe(label, () => {
    let server: TestServer
    let signer: Signer
    let rfc: string
    let token: string
    let given: JourneySetup
    beforeAll(async () => {
      given = setup()
      signer = given.signer
      rfc = given.rfc
      server = await startServer({ trustedCas: given.cas, now: FIXED_NOW, ...(given.store === undefined ? {} : { store: given.store.shape }) })
      token = await enrollToActive(server, signer, rfc)
    })
    afterAll(async () => {
      await server.close()
      given.store?.close()
    })

    it("shows the active mailbox with its contacts masked", async () => {
      const mailbox = await call(server.base, "GET", `/mailboxes/${rfc}`, { token })
      expect(mailbox.status).toBe(200)
      expect(mailbox.body.status).toBe("active")
      expect(mailbox.body.contacts.map((c: { kind: string; address: string; verified: boolean }) => ({ kind: c.kind, address: c.address, verified: c.verified })))
        .toEqual([{ kind: "email", address: "p***@empresa.mx", verified: true }, { kind: "mobile", address: "+52******5678", verified: true }])
      expect(JSON.stringify(mailbox.body)).not.toContain(EMAIL)
    })

    it("deposits, sends the aviso in the window, opens with e.firma and answers the acuse; the bundle verifies offline", async () => {
      const notificationId = await depositAct(server, rfc, `${label}-open`)
      const retried = await call(server.base, "POST", "/notifications", { token: OPERATOR_TOKEN, headers: { "idempotency-key": `${label}-open` }, body: { rfc, act: { type: "oficio", reference: `OF-${label}-open`, sha256: ACT_SHA256 } } })
      expect({ status: retried.status, body: retried.body }).toEqual({ status: 200, body: { notificationId } })

      const before = (await call(server.base, "GET", `/mailboxes/${rfc}/notifications`, { token })).body.find((n: { notificationId: string }) => n.notificationId === notificationId)
      expect(before.status).toBe("awaiting-aviso")
      expect((await call(server.base, "POST", "/dev/clock", { body: { now: new Date(AVISO_AT).toISOString() } })).status).toBe(200)
      const avisos = (await call(server.base, "GET", "/dev/outbox")).body.filter((m: { purpose: string }) => m.purpose === "aviso")
      expect(avisos.map((m: { channel: string; to: string; sentAt: string }) => ({ channel: m.channel, to: m.to, sentAt: m.sentAt })))
        .toEqual([{ channel: "email", to: EMAIL, sentAt: "2026-11-30T15:30:00.000Z" }, { channel: "sms", to: MOBILE, sentAt: "2026-11-30T15:30:00.000Z" }])

      server.setNow(OPEN_AT)
      token = (await login(server.base, signer)).body.token // sessions last 15 minutes; four hours went by
      const line = await call(server.base, "GET", `/mailboxes/${rfc}/notifications/${notificationId}`, { token })
      expect({ status: line.status, state: line.body.status, avisoAt: line.body.avisoAt, openUntil: line.body.openUntil })
        .toEqual({ status: 200, state: "avisado", avisoAt: "2026-11-30T15:30:00.000Z", openUntil: "2026-12-03" })
      const openPath = `/mailboxes/${rfc}/notifications/${notificationId}/open`
      const stale = await call(server.base, "POST", openPath, { token, headers: { "if-match": 'W/"1"' }, body: { signature: signer.sign(ACT_SHA256) } })
      expect({ status: stale.status, type: stale.body.type, currentETag: stale.body.currentETag }).toEqual({ status: 412, type: "/problems/PreconditionFailed", currentETag: line.headers.get("etag") })
      const opened = await call(server.base, "POST", openPath, { token, headers: { "if-match": line.headers.get("etag")! }, body: { signature: signer.sign(ACT_SHA256) } })
      expect(opened.status).toBe(200)
      const expectedTimeline = (await call(server.base, "GET", `/timeline?deposited=${new Date(FIXED_NOW).toISOString()}&opened=${new Date(OPEN_AT).toISOString()}`)).body
      expect(opened.body).toEqual({
        notificationId, rfc, status: "made",
        act: { type: "oficio", reference: `OF-${label}-open`, sha256: ACT_SHA256 },
        certificateNumber: expect.stringMatching(/^[0-9]{20}$/),
        ...(opened.body.representativeRfc === undefined ? {} : { representativeRfc: opened.body.representativeRfc }),
        authenticatedAt: "2026-11-30T16:00:00.000Z", countsAsMadeAt: "2026-11-30T16:00:00.000Z",
        madeAt: "2026-11-30T16:00:00.000Z", madeOn: "2026-11-30", basis: "opened",
        effectiveOn: expectedTimeline.effectiveOn, plazos: expectedTimeline.plazos,
        cadenaOriginal: expect.stringMatching(/^\|\|ACUSE\|/), selloDigital: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      })
      // DOMAIN §8: the acuse answered is sealed, and it is the one the evidence bundle keeps.
      expect(verifySello(opened.body.cadenaOriginal, opened.body.selloDigital, instituteSeal().certificate)).toBe(true)
      expect(expectedTimeline.effectiveOn).toBe("2026-12-01")

      const bundle = await call(server.base, "GET", `/notifications/${notificationId}/evidence`, { token })
      expect(bundle.status).toBe(200)
      // DOMAIN §8: verified offline, with nothing but the bundle and the institute's certificate.
      expect(verifyBundle(bundle.body, instituteSeal().certificate)).toEqual({ ok: true })
      expect(bundle.body.documents.map((d: { kind: string }) => d.kind)).toEqual(["aviso", "acuse"])
      expect({ cadena: bundle.body.documents[1].cadena, sello: bundle.body.documents[1].sello }).toEqual({ cadena: opened.body.cadenaOriginal, sello: opened.body.selloDigital })
      expect(bundle.body.addresseeCertificates).toEqual([Buffer.from(signer.certificate).toString("base64")])
      const tampered = { ...bundle.body, events: bundle.body.events.map((e: { type: string; data: object }) => e.type === "NotificationOpened" ? { ...e, data: { ...e.data, authenticatedAt: OPEN_AT - 3_600_000 } } : e) }
      expect(verifyBundle(tampered, instituteSeal().certificate)).toEqual({ ok: false, fault: "bundle-sello-invalid", detail: "the bundle's sello does not verify" })
      const byOperator = await call(server.base, "GET", `/notifications/${notificationId}/evidence`, { token: OPERATOR_TOKEN })
      expect(byOperator.body).toEqual(bundle.body)
    })

    it("deems an act never opened at 09:30 of the 4th business day, through the dev clock", async () => {
      server.setNow(FIXED_NOW)
      const notificationId = await depositAct(server, rfc, `${label}-deemed`)
      await call(server.base, "POST", "/dev/clock", { body: { now: new Date(AVISO_AT).toISOString() } })
      await call(server.base, "POST", "/dev/clock", { body: { now: new Date(DAY3_LATE).toISOString() } })
      const inbox = async () => (await call(server.base, "GET", `/mailboxes/${rfc}/notifications`, { token: OPERATOR_TOKEN })).body.find((n: { notificationId: string }) => n.notificationId === notificationId)
      expect({ status: (await inbox()).status, openUntil: (await inbox()).openUntil }).toEqual({ status: "avisado", openUntil: "2026-12-03" })
      await call(server.base, "POST", "/dev/clock", { body: { now: new Date(DEEMED_AT).toISOString() } })
      const deemed = await inbox()
      const expected = (await call(server.base, "GET", `/timeline?deposited=${new Date(FIXED_NOW).toISOString()}`)).body
      expect({ status: deemed.status, basis: deemed.basis, madeAt: deemed.madeAt, madeOn: deemed.madeOn, effectiveOn: deemed.effectiveOn, plazos: deemed.plazos })
        .toEqual({ status: "in-effect", basis: "deemed", madeAt: "2026-12-04T15:30:00.000Z", madeOn: "2026-12-04", effectiveOn: "2026-12-07", plazos: expected.plazos })
      const constancia = (await call(server.base, "GET", `/notifications/${notificationId}/evidence`, { token: OPERATOR_TOKEN })).body
      expect(constancia.documents.map((d: { kind: string }) => d.kind)).toEqual(["aviso", "constancia"])
      expect(verifyBundle(constancia, instituteSeal().certificate)).toEqual({ ok: true })
    })

    it("sends an act for an RFC without a mailbox to estrados", async () => {
      server.setNow(FIXED_NOW)
      const notificationId = await depositAct(server, "XAXX010101000", `${label}-estrados`)
      const inbox = await call(server.base, "GET", "/mailboxes/XAXX010101000/notifications", { token: OPERATOR_TOKEN })
      expect(inbox.body.map((n: { notificationId: string; status: string }) => ({ notificationId: n.notificationId, status: n.status }))).toEqual([{ notificationId, status: "in-estrados" }])
      const published = (await call(server.base, "GET", `/notifications/${notificationId}/evidence`, { token: OPERATOR_TOKEN })).body.events
        .map((e: { type: string; data: Record<string, unknown> }) => e.type === "ActPublishedInEstrados" ? { reason: e.data["reason"], lastPublicationDay: e.data["lastPublicationDay"], notifiedAt: e.data["notifiedAt"] } : e.type)
      // The history says why, and when CFF art. 139 makes it notified: published 10 business days (Tue 1 – Mon 14 Dec), notified on the 11th.
      expect(published).toEqual(["ActDeposited", { reason: "mailbox-not-active", lastPublicationDay: "2026-12-14", notifiedAt: ESTRADOS_NOTIFIED_AT }])
      await call(server.base, "POST", "/dev/clock", { body: { now: new Date(ESTRADOS_NOTIFIED_AT - 1).toISOString() } })
      const waiting = (await call(server.base, "GET", "/mailboxes/XAXX010101000/notifications", { token: OPERATOR_TOKEN })).body[0]
      expect({ status: waiting.status, madeAt: waiting.madeAt }).toEqual({ status: "in-estrados", madeAt: undefined })
      await call(server.base, "POST", "/dev/clock", { body: { now: new Date(ESTRADOS_NOTIFIED_AT).toISOString() } })
      const made = (await call(server.base, "GET", "/mailboxes/XAXX010101000/notifications", { token: OPERATOR_TOKEN })).body[0]
      expect({ status: made.status, basis: made.basis, madeAt: made.madeAt, madeOn: made.madeOn, effectiveOn: made.effectiveOn })
        .toEqual({ status: "in-effect", basis: "estrados", madeAt: "2026-12-15T15:30:00.000Z", madeOn: "2026-12-15", effectiveOn: "2026-12-16" })
    })
  })

describe.skipIf(noSatFixtures)("journey with SAT's test e.firma (EKU9003173C9, persona moral)", () => {
  journey("sat", () => ({
    signer: signerOf(readSatCredential("moral-fiel-EKU9003173C9")),
    rfc: "EKU9003173C9",
    cas: [readSatCa("test/AC_UAT_2022.cer"), readSatCa("test/ARC_UAT_2022.cer")],
  }))
})

const generated = (): JourneySetup => {
  const validity = { notBefore: FIXED_NOW - 365 * 86_400_000, notAfter: FIXED_NOW + 365 * 86_400_000 }
  const ca = generateTestCa({ ...validity })
  const credential = generateTestCredential({ ca, rfc: "KEM900101AB1", legalName: "DEMO KEMPER SA DE CV", representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" }, ...validity, password: "12345678a" })
  return { signer: signerOf(credential), rfc: "KEM900101AB1", cas: [ca.certificate] }
}

describe("journey with generated credentials (runs on any clone)", () => {
  journey("generated", generated)
})

describe("journey over SQLite, the npm start store", () => {
  journey("sqlite", () => {
    const dir = mkdtempSync(join(tmpdir(), "buzon-journey-"))
    const handle = Effect.runSync(openSqliteEventStore({ path: join(dir, "buzon.db") }))
    return { ...generated(), store: { shape: handle.store, close: () => { handle.close(); rmSync(dir, { recursive: true, force: true }) } } }
  })
})
