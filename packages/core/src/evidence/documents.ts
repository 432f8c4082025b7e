/**
 * The evidence documents of a notification, reproduced from its events (DOMAIN §8): the aviso
 * evidence, each acuse de recibo and the constancia of a deemed notification. Each is a record (the
 * fields a reader sees) and its cadena original, which the institute seals.
 *
 * Instants are written in ISO 8601 with the offset of the zone they were decided in (default the
 * authority zone), e.g. `2026-03-11T09:30:00.000-06:00`: a court reads the local date and hour, and
 * the offset keeps the instant exact.
 *
 * @since 0.1.0
 */
import { DateTime } from "luxon"
import { AUTHORITY_ZONE } from "../calendar/calendar.js"
import type { ActDeposited, AvisoDelivered, NotificationEvent, NotificationMade, NotificationOpened } from "../notification/events.js"
import { cadenaOriginal } from "./cadenaOriginal.js"

/** The format version written as the second field of every cadena. @since 0.1.0 */
export const EVIDENCE_FORMAT = "1.0"

/** The kinds of evidence document. @since 0.1.0 */
export type EvidenceKind = "aviso" | "acuse" | "constancia"

/** One document: its kind, its record (named fields, in cadena order) and its cadena original. @since 0.1.0 */
export interface EvidenceDocument {
  readonly kind: EvidenceKind
  readonly record: Readonly<Record<string, string>>
  readonly cadena: string
}

/**
 * An instant as written in evidence: ISO 8601 with the zone's offset.
 * @example evidenceInstant(Date.parse("2026-03-11T15:30:00Z")) // => "2026-03-11T09:30:00.000-06:00"
 * @since 0.1.0
 */
export const evidenceInstant = (instant: number, zone: string = AUTHORITY_ZONE): string =>
  DateTime.fromMillis(instant, { zone }).toISO() ?? String(instant)

const documentOf = (kind: EvidenceKind, record: Record<string, string>): EvidenceDocument => ({
  kind,
  record,
  cadena: cadenaOriginal([kind.toUpperCase(), EVIDENCE_FORMAT, ...Object.values(record)]),
})

const actFields = (deposit: ActDeposited) => ({
  notificationId: deposit.notificationId,
  rfc: deposit.rfc,
  actType: deposit.actType,
  reference: deposit.reference,
  contentSha256: deposit.contentSha256,
  issuingUnit: deposit.issuingUnit,
})

/** DOMAIN §8: addressee, date and hour sent, addresses used, the 3-day window stated. @since 0.1.0 */
export const avisoEvidence = (deposit: ActDeposited, aviso: AvisoDelivered, zone: string = AUTHORITY_ZONE): EvidenceDocument =>
  documentOf("aviso", {
    ...actFields(deposit),
    sentAt: evidenceInstant(aviso.avisoAt, zone),
    addresses: aviso.addresses.map((a) => `${a.channel}:${a.to}`).join(","),
    openUntil: aviso.openUntil,
    deemableAt: evidenceInstant(aviso.deemableAt, zone),
    calendarVersion: aviso.calendarVersion,
    ruleSetVersion: aviso.ruleSetVersion,
  })

/** DOMAIN §8: addressee, certificate number, date and hour of authentication, when it counts as made, the act's hash. @since 0.1.0 */
export const acuseDeRecibo = (opened: NotificationOpened, zone: string = AUTHORITY_ZONE): EvidenceDocument =>
  documentOf("acuse", {
    notificationId: opened.notificationId,
    rfc: opened.rfc,
    certificateNumber: opened.certificateNumber,
    representativeRfc: opened.representativeRfc ?? "",
    authenticatedAt: evidenceInstant(opened.authenticatedAt, zone),
    countsAsMadeAt: opened.countsAsMadeAt === null ? "" : evidenceInstant(opened.countsAsMadeAt, zone),
    contentSha256: opened.contentSha256,
    calendarVersion: opened.calendarVersion,
    ruleSetVersion: opened.ruleSetVersion,
  })

/**
 * DOMAIN §8: that the addressee did not authenticate within the window, which day was the 4th day,
 * the act's data.
 * @since 0.1.0
 */
export const constancia = (
  deposit: ActDeposited,
  aviso: AvisoDelivered,
  made: NotificationMade,
  zone: string = AUTHORITY_ZONE,
): EvidenceDocument =>
  documentOf("constancia", {
    ...actFields(deposit),
    avisoAt: evidenceInstant(aviso.avisoAt, zone),
    openUntil: aviso.openUntil,
    statement: "no autenticado dentro del plazo de 3 dias habiles",
    fourthDay: made.madeOn,
    madeAt: evidenceInstant(made.madeAt, zone),
    calendarVersion: made.calendarVersion,
    ruleSetVersion: made.ruleSetVersion,
  })

/**
 * Every evidence document a notification's history supports, in history order: the aviso evidence
 * when an aviso was delivered, one acuse per opening, and the constancia when it was deemed.
 * @example evidenceDocuments(events).map((d) => d.kind) // => ["aviso", "constancia"]
 * @since 0.1.0
 */
export const evidenceDocuments = (events: ReadonlyArray<NotificationEvent>, zone: string = AUTHORITY_ZONE): Array<EvidenceDocument> => {
  const documents: Array<EvidenceDocument> = []
  let deposit: ActDeposited | undefined
  let aviso: AvisoDelivered | undefined
  for (const event of events) {
    if (event._tag === "ActDeposited") deposit ??= event
    else if (event._tag === "AvisoDelivered" && deposit !== undefined && aviso === undefined) {
      aviso = event
      documents.push(avisoEvidence(deposit, event, zone))
    } else if (event._tag === "NotificationOpened") documents.push(acuseDeRecibo(event, zone))
    else if (event._tag === "NotificationMade" && event.basis === "deemed" && deposit !== undefined && aviso !== undefined)
      documents.push(constancia(deposit, aviso, event, zone))
  }
  return documents
}
