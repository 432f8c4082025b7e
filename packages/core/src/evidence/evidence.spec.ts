import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Json, RecordedEvent } from "../eventstore/EventStore.js"
import { notificationCodec } from "../notification/decider.js"
import { NotificationOpened } from "../notification/events.js"
import type { NotificationEvent } from "../notification/events.js"
import { at, avisadoSteps, fiel, historyOf, institute, markDeemed, mx, open, testCa } from "../notification/specFixtures.js"
import { acuseVerifies, buildBundle, verifyBundle } from "./bundle.js"
import type { EvidenceBundle } from "./bundle.js"
import { cadenaField, cadenaOriginal } from "./cadenaOriginal.js"
import { canonicalJson } from "./canonicalJson.js"
import { acuseDeRecibo, evidenceDocuments, evidenceInstant } from "./documents.js"
import { linkEvents } from "./hashChain.js"
import { instituteSealOf, selloDigital, verifySello } from "./seal.js"

const seal = instituteSealOf(institute)
const recordedOf = (events: ReadonlyArray<NotificationEvent>): Array<RecordedEvent> =>
  linkEvents(undefined, "notification-n1", 1, events.map((e) => ({ ...notificationCodec.encode(e), metadata: { actor: "system:test" } })))
    .map((e, i) => ({ ...e, streamName: "notification-n1", version: i + 1, position: 10 + i, recordedAt: 0 }))
const deemedLateOpened = () => historyOf(...avisadoSteps, [markDeemed, at("2026-03-18T09:30")], [open(fiel.representative), at("2026-03-20T10:00")])
const openedInTime = () => historyOf(...avisadoSteps, [open(), at("2026-03-12T10:00")])

describe("cadenaOriginal", () => {
  it("joins fields as ||a|b|c||, normalising whitespace and escaping pipes and backslashes", () => {
    expect(cadenaOriginal(["1.0", "  EKU9003173C9 ", "Subdelegación\n\t 10", "a|b", "c\\d", ""])).toBe(
      "||1.0|EKU9003173C9|Subdelegación 10|a\\|b|c\\\\d|||",
    )
  })
  it("no value can forge a field boundary: distinct field lists of one length give distinct cadenas (property)", () => {
    const field = fc.string().map((s) => s.replace(/\s+/gu, " ").trim())
    const lists = fc.nat(4).chain((n) => fc.tuple(fc.array(field, { minLength: n, maxLength: n }), fc.array(field, { minLength: n, maxLength: n })))
    fc.assert(fc.property(lists, ([a, b]) => {
      fc.pre(JSON.stringify(a) !== JSON.stringify(b))
      expect(cadenaOriginal(a)).not.toBe(cadenaOriginal(b))
    }), { seed: 11, numRuns: 300 })
  })
  it("cadenaField leaves plain text alone", () => expect(cadenaField("OÑO120726RX3")).toBe("OÑO120726RX3"))
})

describe("evidence documents (DOMAIN §8)", () => {
  it("writes instants in the authority zone with their offset", () =>
    expect(evidenceInstant(mx("2026-03-11T09:30"))).toBe("2026-03-11T09:30:00.000-06:00"))

  it("aviso evidence and constancia of the worked example, and the acuse of a late opening", () => {
    const documents = evidenceDocuments(deemedLateOpened())
    expect(documents.map((d) => d.cadena)).toEqual([
      "||AVISO|1.0|n1|EKU9003173C9|cedula-de-liquidacion|CL-2026-000123|" + "9f2c".repeat(16) + "|Subdelegación 10 Cuauhtémoc|" +
        "2026-03-11T09:30:00.000-06:00|email:pagos@escuela-kemper.mx,sms:+525512345678|2026-03-17|2026-03-18T09:30:00.000-06:00|" +
        `${documents[0]?.record["calendarVersion"]}|cff12+cpeum83-2024||`,
      "||CONSTANCIA|1.0|n1|EKU9003173C9|cedula-de-liquidacion|CL-2026-000123|" + "9f2c".repeat(16) + "|Subdelegación 10 Cuauhtémoc|" +
        "2026-03-11T09:30:00.000-06:00|2026-03-17|no autenticado dentro del plazo de 3 dias habiles|2026-03-18|2026-03-18T09:30:00.000-06:00|" +
        `${documents[0]?.record["calendarVersion"]}|cff12+cpeum83-2024||`,
      `||ACUSE|1.0|n1|EKU9003173C9|${fiel.representative.certificate.certificateNumber}|VADA800927DJ3|2026-03-20T10:00:00.000-06:00||` +
        "9f2c".repeat(16) + `|${documents[0]?.record["calendarVersion"]}|cff12+cpeum83-2024||`,
    ])
  })

  it("an acuse in time states when it counts as made", () => {
    const opened = openedInTime().find((e) => e._tag === "NotificationOpened")!
    expect(acuseDeRecibo(opened).record).toEqual({
      notificationId: "n1", rfc: "EKU9003173C9", certificateNumber: fiel.addressee.certificate.certificateNumber, representativeRfc: "",
      authenticatedAt: "2026-03-12T10:00:00.000-06:00", countsAsMadeAt: "2026-03-12T10:00:00.000-06:00",
      contentSha256: "9f2c".repeat(16), calendarVersion: opened.calendarVersion, ruleSetVersion: opened.ruleSetVersion,
    })
    expect(acuseVerifies(opened)).toBe(true)
    expect(acuseVerifies({ ...opened, contentSha256: "00".repeat(32) } as typeof opened)).toBe(false)
  })
})

describe("sello digital", () => {
  it("is RSA-SHA256 over the cadena's UTF-8 with the institute's key, verified with its certificate alone", () => {
    const cadena = "||ACUSE|1.0|n1|OÑO120726RX3||"
    const sello = selloDigital(seal, cadena)
    expect(verifySello(cadena, sello, institute.certificate.der)).toBe(true)
    expect(verifySello(cadena.replace("Ñ", "N"), sello, institute.certificate.der)).toBe(false)
    expect(verifySello(cadena, sello, fiel.addressee.certificate.der)).toBe(false)
    expect(verifySello(cadena, sello, testCa.certificate.slice(1))).toBe(false)
  })
})

const resealed = (bundle: EvidenceBundle, change: (b: EvidenceBundle) => EvidenceBundle): EvidenceBundle => {
  const { sello: _s, ...body } = change(bundle)
  return { ...body, sello: selloDigital(seal, canonicalJson(body as unknown as Json)) } as EvidenceBundle
}

describe("evidence bundle", () => {
  const deemedBundle = buildBundle(recordedOf(deemedLateOpened()), seal)
  const openedBundle = buildBundle(recordedOf(openedInTime()), seal)

  it("holds the events, the sealed documents and the certificates used, and verifies with the institute's certificate alone", () => {
    expect(deemedBundle.documents.map((d) => d.kind)).toEqual(["aviso", "constancia", "acuse"])
    expect(deemedBundle.addresseeCertificates).toEqual([Buffer.from(fiel.representative.certificate.der).toString("base64")])
    expect(deemedBundle.instituteCertificate).toBe(Buffer.from(institute.certificate.der).toString("base64"))
    expect(verifyBundle(deemedBundle, institute.certificate.der)).toEqual({ ok: true })
    expect(verifyBundle(openedBundle, institute.certificate.der)).toEqual({ ok: true })
    expect(verifyBundle(JSON.parse(JSON.stringify(openedBundle)), institute.certificate.der)).toEqual({ ok: true })
  })

  it("answers malformed, never throws, for bundles of the wrong shape", () => {
    const der = institute.certificate.der
    expect(verifyBundle({} as EvidenceBundle, der)).toEqual({ ok: false, fault: "malformed", detail: "not a buzon-evidence-bundle/1" })
    expect(verifyBundle(null as unknown as EvidenceBundle, der)).toEqual({ ok: false, fault: "malformed", detail: "not a buzon-evidence-bundle/1" })
    expect(verifyBundle({ ...openedBundle, sello: 42 } as unknown as EvidenceBundle, der))
      .toEqual({ ok: false, fault: "bundle-sello-invalid", detail: "the bundle's sello does not verify" })
    expect(verifyBundle({ ...openedBundle, zone: Number.NaN } as unknown as EvidenceBundle, der))
      .toEqual({ ok: false, fault: "malformed", detail: "canonicalJson: NaN is not a JSON number" })
  })

  it("fails with another institute certificate", () =>
    expect(verifyBundle(openedBundle, fiel.addressee.certificate.der)).toEqual({
      ok: false, fault: "institute-certificate-mismatch", detail: "the bundle names another institute certificate",
    }))

  it("names the deeper fault when a bundle is altered and resealed (as only a key holder could)", () => {
    const v = (b: EvidenceBundle) => verifyBundle(b, institute.certificate.der)
    expect(v(resealed(openedBundle, (b) => ({ ...b, events: b.events.map((e, i) => (i === 0 ? { ...e, data: { ...(e.data as object), reference: "X" } } : e)) }))))
      .toEqual({ ok: false, fault: "chain-broken", detail: "notification-n1 v1: hash-mismatch" })
    expect(v(resealed(openedBundle, (b) => ({ ...b, documents: b.documents.slice(1) }))))
      .toEqual({ ok: false, fault: "documents-mismatch", detail: "the documents are not those the events produce" })
    expect(v(resealed(openedBundle, (b) => ({ ...b, documents: b.documents.map((d) => ({ ...d, sello: b.documents[1]!.sello })) }))))
      .toEqual({ ok: false, fault: "document-sello-invalid", detail: "the aviso sello does not verify" })
    expect(v(resealed(openedBundle, (b) => ({ ...b, addresseeCertificates: [] }))))
      .toEqual({ ok: false, fault: "addressee-certificate-missing", detail: `certificate ${fiel.addressee.certificate.certificateNumber} is not in the bundle` })
  })

  it("an acuse whose signature is not the addressee's fails, even with a consistent chain and seal", () => {
    const zeros = Buffer.from(new Uint8Array(256)).toString("base64")
    const forged = openedInTime().map((e) => {
      if (e._tag !== "NotificationOpened") return e
      const { _tag, ...fields } = e
      return new NotificationOpened({ ...fields, signature: zeros })
    })
    const bundle = buildBundle(recordedOf(forged), seal)
    expect(verifyBundle(bundle, institute.certificate.der)).toEqual({
      ok: false, fault: "acuse-signature-invalid", detail: `the opening with certificate ${fiel.addressee.certificate.certificateNumber} does not verify`,
    })
  })

  it("any changed byte breaks it: flip one byte of a random string field anywhere (property)", () => {
    const strings: Array<readonly [ReadonlyArray<string | number>, string]> = []
    const walk = (value: unknown, path: Array<string | number>) => {
      if (typeof value === "string" && value.length > 0) strings.push([path, value])
      else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]))
      else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k])
    }
    walk(deemedBundle, [])
    fc.assert(fc.property(fc.nat(strings.length - 1), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, offset, mask) => {
      const [path, text] = strings[which]!
      const bytes = Buffer.from(text, "utf8")
      const i = offset % bytes.length
      bytes[i] = bytes[i]! ^ mask
      const changed = bytes.toString("utf8")
      fc.pre(changed !== text)
      const copy = JSON.parse(JSON.stringify(deemedBundle))
      let target = copy
      for (const key of path.slice(0, -1)) target = target[key]
      target[path.at(-1)!] = changed
      expect(verifyBundle(copy, institute.certificate.der).ok).toBe(false)
    }), { seed: 2026, numRuns: 150 })
  })
})
