/**
 * Shared givens for the notification and evidence specs: the DOMAIN §3 worked-example calendar,
 * Mexico City instants, one act, generated e.firma credentials and the events of a typical history.
 * Test support only (not exported from the package index).
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { DecideContext } from "../app/decider.js"
import { makeCalendar } from "../calendar/calendar.js"
import { readCredential } from "../efirma/privateKey.js"
import type { Credential } from "../efirma/privateKey.js"
import { sign } from "../efirma/signature.js"
import { generateTestCa, generateTestCredential } from "../efirma/testCredentials.js"
import type { Identity } from "../efirma/identity.js"
import { identityOf } from "../efirma/validate.js"
import { DepositAct, DispatchAviso, MarkDeemed, OpenNotification, RecordAvisoOutcomes } from "./commands.js"
import type { NotificationCommand } from "./commands.js"
import { notificationDecider } from "./decider.js"
import type { AvisoTarget, NotificationEvent } from "./events.js"
import { isEvents } from "../app/decider.js"

/** DOMAIN §3 worked example: CFF art. 12 + closures 2–3 Apr 2026. @since 0.1.0 */
export const cff2026 = makeCalendar({
  closures: [{ from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "DOF 2026-01-15 test closure (Holy week)", publishedOn: "2026-01-15" }],
})

/** A Mexico City wall-clock time (UTC−6 all year since 2022-10-30) as UTC epoch ms. @since 0.1.0 */
export const mx = (local: string): number => Date.parse(`${local.length === 16 ? `${local}:00` : local}-06:00`)

/** A decision context at a Mexico City wall-clock time on the worked-example calendar. @since 0.1.0 */
export const at = (local: string): DecideContext => ({ now: mx(local), calendar: cff2026 })

export const N1 = "n1"
export const RFC = "EKU9003173C9"
export const SHA = "9f2c".repeat(16)
export const contacts: ReadonlyArray<AvisoTarget> = [
  { channel: "email", to: "pagos@escuela-kemper.mx" },
  { channel: "sms", to: "+525512345678" },
]

const ca = generateTestCa({ notBefore: Date.parse("2020-01-01T00:00:00Z"), notAfter: Date.parse("2040-01-01T00:00:00Z") })
const validity = { notBefore: Date.parse("2025-01-01T00:00:00Z"), notAfter: Date.parse("2027-05-01T00:00:00Z"), password: "12345678a" }
const credential = (options: Omit<Parameters<typeof generateTestCredential>[0], "ca" | "notBefore" | "notAfter" | "password">): Credential => {
  const generated = generateTestCredential({ ca, ...validity, ...options })
  return Result.getOrThrow(readCredential(generated.certificate, generated.privateKey, generated.password))
}

/** The institute's test CA (used for the institute's seal too). @since 0.1.0 */
export const testCa = ca

/** The addressee's FIEL, a persona moral acting through its representative, a stranger's FIEL and a CSD. @since 0.1.0 */
export const fiel = {
  addressee: credential({ rfc: RFC, legalName: "ESCUELA KEMPER URGATE SA DE CV" }),
  representative: credential({ rfc: RFC, legalName: "ESCUELA KEMPER URGATE SA DE CV", representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" } }),
  stranger: credential({ rfc: "CACX7605101P8", legalName: "XOCHILT CASAS CHAVEZ", curp: "CACX760510MGTSHC04" }),
  csd: credential({ rfc: RFC, legalName: "ESCUELA KEMPER URGATE SA DE CV", kind: "CSD" }),
}

/** The institute's seal key: a credential of the institute. @since 0.1.0 */
export const institute = credential({ rfc: "IMS421231I45", legalName: "INSTITUTO MEXICANO DEL SEGURO SOCIAL" })

/** The identity a challenge login with a credential proves. @since 0.1.0 */
export const identity = (c: Credential): Identity => identityOf(c.certificate)

export const deposit = (overrides: Partial<ConstructorParameters<typeof DepositAct>[0]> = {}) =>
  new DepositAct({
    notificationId: N1, idempotencyKey: "k-1", rfc: RFC, actType: "cedula-de-liquidacion", reference: "CL-2026-000123",
    contentSha256: SHA, issuingUnit: "Subdelegación 10 Cuauhtémoc", mailbox: { active: true, verifiedContacts: contacts },
    ...overrides,
  })
export const dispatch = new DispatchAviso({ notificationId: N1, targets: contacts })
export const sentAll = (attempt: number, acceptedAt: number) =>
  new RecordAvisoOutcomes({
    notificationId: N1, attempt,
    outcomes: contacts.map((c, i) => ({ ...c, sent: true as const, providerId: `prov-${attempt}-${i}`, acceptedAt })),
  })
export const failedAll = (attempt: number, retryable = true) =>
  new RecordAvisoOutcomes({
    notificationId: N1, attempt, outcomes: contacts.map((c) => ({ ...c, sent: false as const, reason: "timeout", retryable })),
  })
export const open = (c: Credential = fiel.addressee, sha = SHA) =>
  new OpenNotification({ notificationId: N1, identity: identity(c), certificate: c.certificate.der, signature: sign(c, sha) })
export const markDeemed = new MarkDeemed({ notificationId: N1 })

/**
 * The events of a sequence of commands decided in order on the notification decider; a refusal
 * throws (a given history must be valid).
 * @since 0.1.0
 */
export const historyOf = (...steps: ReadonlyArray<readonly [NotificationCommand, DecideContext]>): Array<NotificationEvent> => {
  const events: Array<NotificationEvent> = []
  let state = notificationDecider.initialState
  for (const [command, context] of steps) {
    const decision = notificationDecider.decide(command, state, context)
    if (!isEvents(decision)) throw new Error(`given history refused: ${decision.message}`)
    for (const event of decision) state = notificationDecider.evolve(state, event)
    events.push(...decision)
  }
  return events
}

/** The DOMAIN §3 worked example up to the aviso: deposited Wed 11 Mar 2026 09:00, aviso 09:30. @since 0.1.0 */
export const avisadoSteps: ReadonlyArray<readonly [NotificationCommand, DecideContext]> = [
  [deposit(), at("2026-03-11T09:00")], [dispatch, at("2026-03-11T09:30")], [sentAll(1, mx("2026-03-11T09:30:02")), at("2026-03-11T09:30:03")],
]
/** The events of {@link avisadoSteps}. @since 0.1.0 */
export const avisado = (): Array<NotificationEvent> => historyOf(...avisadoSteps)
