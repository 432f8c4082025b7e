// The whole mailbox through the Promise facade on the in-memory store, with a fixed clock: enroll with
// e.firma, verify two contacts, sign consent, deposit an act, send its aviso, open it, and verify the
// evidence offline (DOMAIN §2, §3, §8).
import { Result } from "effect"
import {
  createBuzon, generateTestCa, generateTestCredential, instituteSealOf, makeCalendar, makeMemorySender, makeTrustStore,
  readCredential, seededRandomBytes, sign, verifyBundle,
} from "@buzon/core"

const mx = (local: string) => Date.parse(`${local}:00-06:00`) // Mexico City, UTC−6 all year since 2022
const validity = { notBefore: Date.parse("2025-01-01T00:00:00Z"), notAfter: Date.parse("2028-12-31T00:00:00Z") }
const ca = generateTestCa(validity) // stands in for SAT's CA
const fiel = (rfc: string, legalName: string) => {
  const files = generateTestCredential({ ca, rfc, legalName, password: "12345678a", ...validity })
  return { certificate: files.certificate, credential: Result.getOrThrow(readCredential(files.certificate, files.privateKey, files.password)) }
}
const kemper = fiel("EKU9003173C9", "ESCUELA KEMPER URGATE SA DE CV")
const institute = instituteSealOf(fiel("IMS421231I45", "INSTITUTO MEXICANO DEL SEGURO SOCIAL").credential)

let now = mx("2026-03-09T10:00") // Monday
const sender = makeMemorySender(() => now) // keeps what it sends: here, the verification codes
const buzon = createBuzon({
  calendar: makeCalendar({ closures: [{ from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "Jueves y Viernes Santo 2026", publishedOn: "2026-01-05" }] }),
  sender, instituteSeal: institute, trust: makeTrustStore([ca.certificate]), clock: () => now, randomBytes: seededRandomBytes(1),
}) // store: in memory unless given (see sqlite.ts)

// #region journey
const { challengeId, nonce } = await buzon.challenge()
const { identity } = await buzon.enroll({ challengeId, certificate: kemper.certificate, signature: sign(kemper.credential, nonce) })
for (const [kind, address] of [["email", "pagos@kemper.mx"], ["mobile", "+525512345678"]] as const) {
  const { contactId } = await buzon.addContact(identity, { kind, address }) // sends a 6-digit code
  await buzon.verifyContact(identity, { contactId, code: sender.lastCodeTo(address) ?? "" })
}
const consent = await buzon.consentDocument(identity)
const signed = await buzon.signConsent(identity, { version: consent.version, certificate: kemper.certificate, signature: sign(kemper.credential, consent.cadenaOriginal) })
console.log(`mailbox ${identity.rfc}: ${signed.mailbox.status}, consent ${consent.version}`)

now = mx("2026-03-11T08:00") // Wednesday, before the 09:30 window opens
const contentSha256 = "5".repeat(64)
const { notificationId } = await buzon.deposit({ idempotencyKey: "IMSS-2026-1", rfc: identity.rfc, actType: "oficio", reference: "OF-1", contentSha256, issuingUnit: "Subdelegación Centro" })
console.log(`deposited ${notificationId}`)
const pass = async () => { const { at, ...report } = await buzon.runDue(); return `${new Date(at).toISOString()} ${JSON.stringify(report)}` }
console.log("scheduler", await pass()) // 08:00: nothing is due before the window
now = mx("2026-03-11T09:30")
console.log("scheduler", await pass()) // the aviso goes to both verified contacts
console.log("avisos", JSON.stringify(sender.sent().filter((m) => m.purpose === "aviso").map((m) => `${m.channel} ${m.to}`)))

now = mx("2026-03-12T11:00") // Thursday, inside the window: the act is notified at this instant (acuse de recibo)
const opened = await buzon.open(identity, { notificationId, certificate: kemper.certificate, signature: sign(kemper.credential, contentSha256) })
console.log("opened", JSON.stringify(opened.events.map((e) => e._tag)))
const [item] = await buzon.inbox(identity.rfc)
const { status, madeOn, madeBasis, effectiveOn } = item ?? {}
console.log("inbox", JSON.stringify({ status, madeOn, madeBasis, effectiveOn, plazos: item?.plazos.map((p) => `${p.days} ${p.purpose}: ${p.endsOn}`) }))

const bundle = await buzon.evidence(notificationId) // plain JSON: keep it, verify it years later
console.log("evidence", JSON.stringify(bundle.documents.map((d) => d.kind)), JSON.stringify(verifyBundle(bundle, institute.certificate)))
// #endregion journey
const forged = { ...bundle, events: bundle.events.slice(0, -1) }
console.log("without its last event", JSON.stringify(verifyBundle(forged, institute.certificate)))
