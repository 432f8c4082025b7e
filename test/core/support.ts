/**
 * What the shell's tests share: generated e.firma credentials (a test CA and FIELs, made once per
 * file), the DOMAIN §3 worked-example calendar, a settable clock, and helpers that walk a patrón
 * through enrollment with the Promise facade.
 */
import { Result } from "effect"
import { makeCalendar } from "../../packages/core/src/calendar/calendar.js"
import type { Calendar } from "../../packages/core/src/calendar/calendar.js"
import { generateTestCa, generateTestCredential } from "../../packages/core/src/efirma/testCredentials.js"
import { readCredential } from "../../packages/core/src/efirma/privateKey.js"
import type { Credential } from "../../packages/core/src/efirma/privateKey.js"
import { sign } from "../../packages/core/src/efirma/signature.js"
import { makeTrustStore } from "../../packages/core/src/efirma/trust.js"
import type { TrustStore } from "../../packages/core/src/efirma/trust.js"
import type { Identity } from "../../packages/core/src/efirma/identity.js"
import { instituteSealOf } from "../../packages/core/src/evidence/seal.js"
import type { InstituteSealShape } from "../../packages/core/src/evidence/seal.js"
import { createBuzon } from "../../packages/core/src/app/facade.js"
import { makeMemoryEventStore } from "../../packages/core/src/eventstore/memory.js"
import type { BuzonClient, BuzonOptions } from "../../packages/core/src/app/facade.js"
import { seededRandomBytes } from "../../packages/core/src/app/BuzonConfig.js"
import { makeMemorySender } from "../../packages/core/src/app/memorySender.js"
import type { MemorySender } from "../../packages/core/src/app/memorySender.js"

/** An instant written in Mexico City local time (UTC−6 all year since 2022). */
export const mx = (local: string): number => Date.parse(`${local.length === 16 ? `${local}:00` : local}-06:00`)

/** DOMAIN §3 worked example: CFF art. 12 plus the closures of 2–3 April 2026. */
export const calendar2026: Calendar = makeCalendar({
  closures: [{ from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "DOF 2026-01-15 (test)", publishedOn: "2026-01-15" }],
})

export interface Patron {
  readonly rfc: string
  readonly legalName: string
  readonly certificate: Uint8Array
  readonly credential: Credential
}

/** A test CA, patrones' FIELs valid 2025–2028, and the institute's seal (its own credential under the CA). */
export const makeCredentials = (rfcs: ReadonlyArray<{ readonly rfc: string; readonly legalName: string }>) => {
  const validity = { notBefore: Date.parse("2025-01-01T00:00:00Z"), notAfter: Date.parse("2028-12-31T00:00:00Z") }
  const ca = generateTestCa(validity)
  const trust: TrustStore = makeTrustStore([ca.certificate])
  const patrones = rfcs.map(({ rfc, legalName }): Patron => {
    const generated = generateTestCredential({ ca, rfc, legalName, ...validity, password: "12345678a" })
    const credential = Result.getOrThrow(readCredential(generated.certificate, generated.privateKey, generated.password))
    return { rfc, legalName, certificate: generated.certificate, credential }
  })
  const institute = generateTestCredential({ ca, rfc: "IMS421231I45", legalName: "INSTITUTO MEXICANO DEL SEGURO SOCIAL", ...validity, password: "12345678a" })
  const instituteSeal: InstituteSealShape = instituteSealOf(Result.getOrThrow(readCredential(institute.certificate, institute.privateKey, institute.password)))
  return { trust, patrones, instituteSeal }
}

/** A settable clock: `now()` reads it, `set` moves it. */
export const makeClock = (start: number) => {
  let t = start
  return { now: () => t, set: (at: number) => void (t = at) }
}

/** A facade on the memory store and a memory sender, seeded randomness, and the settable clock. */
export const makeShell = (credentials: { readonly trust: TrustStore; readonly instituteSeal: InstituteSealShape }, start: number, overrides: Partial<BuzonOptions> = {}) => {
  const { trust, instituteSeal } = credentials
  const clock = makeClock(start)
  const sender: MemorySender = makeMemorySender(clock.now)
  const store = overrides.store ?? makeMemoryEventStore()
  const buzon: BuzonClient = createBuzon({ calendar: calendar2026, sender, trust, instituteSeal, clock: clock.now, randomBytes: seededRandomBytes(2026), ...overrides, store })
  return { buzon, sender, clock, store }
}

/** Logs in with a challenge signed by the patrón's FIEL. */
export const login = async (buzon: BuzonClient, patron: Patron): Promise<Identity> => {
  const { challengeId, nonce } = await buzon.challenge()
  return buzon.authenticate({ challengeId, certificate: patron.certificate, signature: sign(patron.credential, nonce) })
}

/** Enrolls a patrón with one email and one mobile, verifies both from the codes sent, and signs consent. */
export const enrollActive = async (
  shell: { readonly buzon: BuzonClient; readonly sender: MemorySender },
  patron: Patron,
  contacts: { readonly email: string; readonly mobile: string },
) => {
  const { buzon, sender } = shell
  const { challengeId, nonce } = await buzon.challenge()
  const { identity } = await buzon.enroll({ challengeId, certificate: patron.certificate, signature: sign(patron.credential, nonce) })
  const email = await buzon.addContact(identity, { kind: "email", address: contacts.email })
  const mobile = await buzon.addContact(identity, { kind: "mobile", address: contacts.mobile })
  for (const { contactId } of [email, mobile]) {
    const address = (await buzon.mailbox(patron.rfc)).mailbox
    if (address.status === "unenrolled") throw new Error("not enrolled")
    const code = sender.lastCodeTo(address.contacts.get(contactId)!.address)!
    await buzon.verifyContact(identity, { contactId, code })
  }
  const document = await buzon.consentDocument(identity)
  const signed = await buzon.signConsent(identity, { version: document.version, certificate: patron.certificate, signature: sign(patron.credential, document.cadenaOriginal) })
  return { identity, emailId: email.contactId, mobileId: mobile.contactId, document, signed }
}
