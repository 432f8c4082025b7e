/**
 * A whole Buzón wired in memory for tests, examples and demos: a generated test CA, an institute
 * seal signed by it, a memory sender, the memory store, a settable clock and seeded randomness, so
 * that a test needs no SAT fixtures and no network, and never reads today's date.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { Tracer } from "effect"
import { makeCalendar } from "../calendar/calendar.js"
import type { Calendar } from "../calendar/calendar.js"
import { readCredential } from "../efirma/privateKey.js"
import type { Credential } from "../efirma/privateKey.js"
import { generateTestCa, generateTestCredential } from "../efirma/testCredentials.js"
import type { TestCa } from "../efirma/testCredentials.js"
import { makeTrustStore } from "../efirma/trust.js"
import type { TrustStore } from "../efirma/trust.js"
import type { EventStoreShape } from "../eventstore/EventStore.js"
import { makeMemoryEventStore } from "../eventstore/memory.js"
import { instituteSealOf } from "../evidence/seal.js"
import type { InstituteSealShape } from "../evidence/seal.js"
import { seededRandomBytes } from "./BuzonConfig.js"
import { createBuzon } from "./facade.js"
import type { BuzonClient } from "./facade.js"
import { makeMemorySender } from "./memorySender.js"
import type { MemorySender } from "./memorySender.js"

/**
 * A generated FIEL: its certificate (DER) and the credential that signs with it.
 * @example sign(t.fiel("CACX7605101P8", "XOCHILT CASAS CHAVEZ").credential, nonce)
 * @since 0.1.0
 */
export interface TestFiel {
  readonly certificate: Uint8Array
  readonly credential: Credential
}

/**
 * What `makeTestBuzon` answers.
 * @example t.clock.set(Date.parse("2026-03-18T15:30:00Z")); await t.buzon.runDue()
 * @since 0.1.0
 */
export interface TestBuzon {
  readonly buzon: BuzonClient
  readonly store: EventStoreShape
  readonly sender: MemorySender
  readonly clock: { readonly now: () => number; readonly set: (instant: number) => void }
  readonly trust: TrustStore
  readonly instituteSeal: InstituteSealShape
  /** Issues a FIEL under the test CA (valid 2025–2028), e.g. for a patrón to log in with. */
  readonly fiel: (rfc: string, legalName: string, representative?: { readonly rfc: string; readonly curp: string }) => TestFiel
}

const validity = { notBefore: Date.parse("2025-01-01T00:00:00Z"), notAfter: Date.parse("2028-12-31T00:00:00Z") }
const issue = (ca: TestCa, rfc: string, legalName: string, representative?: { readonly rfc: string; readonly curp: string }): TestFiel => {
  const generated = generateTestCredential({ ca, rfc, legalName, ...validity, password: "12345678a", ...(representative === undefined ? {} : { representative }) })
  return { certificate: generated.certificate, credential: Result.getOrThrow(readCredential(generated.certificate, generated.privateKey, generated.password)) }
}

/**
 * An in-memory Buzón with a fixed, settable clock. Generating the CA and the institute's key takes
 * a moment (RSA-2048): make one per test file.
 * @example const t = makeTestBuzon({ start: Date.parse("2026-03-11T14:00:00Z") }); const kemper = t.fiel("EKU9003173C9", "ESCUELA KEMPER URGATE")
 * @since 0.1.0
 */
export const makeTestBuzon = (options: {
  readonly start: number
  readonly calendar?: Calendar
  readonly store?: EventStoreShape
  readonly seed?: number
  /** Where the shell's spans go. */
  readonly tracer?: Tracer.Tracer
}): TestBuzon => {
  const ca = generateTestCa(validity)
  const trust = makeTrustStore([ca.certificate])
  const instituteSeal = instituteSealOf(issue(ca, "IMS421231I45", "INSTITUTO MEXICANO DEL SEGURO SOCIAL").credential)
  let now = options.start
  const clock = { now: () => now, set: (instant: number) => void (now = instant) }
  const sender = makeMemorySender(clock.now)
  const store = options.store ?? makeMemoryEventStore()
  const buzon = createBuzon({
    store, calendar: options.calendar ?? makeCalendar(), sender, instituteSeal, trust, clock: clock.now, randomBytes: seededRandomBytes(options.seed ?? 1), tracer: options.tracer,
  })
  return { buzon, store, sender, clock, trust, instituteSeal, fiel: (rfc, legalName, representative) => issue(ca, rfc, legalName, representative) }
}
