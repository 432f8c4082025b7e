/**
 * The consent document the patrón signs with its FIEL to activate the mailbox (DOMAIN §1, §2.3): the
 * *solicitud y manifestación de conformidad* of the 2020 Lineamientos (version "2020-07", DOF
 * 09-07-2020) and the *términos y condiciones* of the 2024 Lineamientos (version "2024-08", DOF
 * 05-08-2024, the one new enrollments sign). The wording is ours, written after those instruments;
 * it is not a transcription.
 *
 * What is signed is the **cadena original**: `||version|RFC|legal name|day|contact|…|text SHA-256||`,
 * its UTF-8 bytes, with RSA PKCS#1 v1.5 SHA-256. It is built by the evidence folder's `cadenaOriginal`,
 * the one rule for every cadena in Buzón: values normalised as SAT's cadenas do (Anexo 20's XSLT
 * `normalize-space`: trimmed, inner runs of whitespace collapsed to one space), and, since SAT's data
 * never contains the separator, a `|` in a value escaped as `\|` (and `\` as `\\`) so no value can
 * forge a field boundary. Contacts appear as `email:…` and `mobile:…`, emails first, each in
 * registration order. The last field binds the exact words shown: the SHA-256 (hex) of the text.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { dayOf } from "../calendar/calendar.js"
import { cadenaOriginal } from "../evidence/cadenaOriginal.js"
import type { Calendar } from "../calendar/calendar.js"
import { verifiedContacts } from "./state.js"
import type { EnrolledMailbox } from "./state.js"

/**
 * The document versions that can be rendered, newest first: new consents use the first.
 * @example consentVersions[0] // => "2024-08"
 * @since 0.1.0
 */
export const consentVersions = ["2024-08", "2020-07"] as const
/** A consent document version ("2024-08" | "2020-07"). @since 0.1.0 */
export type ConsentVersion = (typeof consentVersions)[number]

/** True when a version string names a known document. @example isConsentVersion("2020-07") // => true @since 0.1.0 */
export const isConsentVersion = (version: string): version is ConsentVersion =>
  (consentVersions as ReadonlyArray<string>).includes(version)

/** What a consent document is rendered with. @since 0.1.0 */
export interface ConsentParty {
  readonly rfc: string
  readonly legalName: string
  /** Verified emails and mobiles, in registration order. */
  readonly emails: ReadonlyArray<string>
  readonly mobiles: ReadonlyArray<string>
  /** The day of signing in the authority zone, `YYYY-MM-DD`. */
  readonly day: string
}

/** A rendered consent document. @since 0.1.0 */
export interface ConsentDocument {
  readonly version: ConsentVersion
  readonly day: string
  readonly text: string
  readonly textSha256: string
  /** What is signed (its UTF-8 bytes). */
  readonly cadenaOriginal: string
  readonly cadenaSha256: string
}

const list = (values: ReadonlyArray<string>): string => values.map((value) => `  - ${value}`).join("\n")

const templates: { readonly [V in ConsentVersion]: (party: ConsentParty) => string } = {
  "2024-08": (p) => `TÉRMINOS Y CONDICIONES DE USO DEL BUZÓN IMSS
Versión 2024-08 (Lineamientos DOF 05-08-2024)

${p.legalName}, con RFC ${p.rfc}, acepta los términos y condiciones de uso del Buzón IMSS y manifiesta:

1. Que habilita el Buzón IMSS como medio de comunicación electrónica con el Instituto Mexicano del Seguro Social, conforme al artículo 286 M de la Ley del Seguro Social.
2. Que acepta recibir por este medio notificaciones de actos administrativos, las cuales surtirán efectos conforme a las disposiciones aplicables.
3. Que los medios de contacto siguientes fueron confirmados con un código de verificación y en ellos recibirá los avisos de que hay una notificación pendiente:
   Correos electrónicos:
${list(p.emails)}
   Teléfonos móviles:
${list(p.mobiles)}
4. Que mantendrá actualizados sus medios de contacto; que dispone de tres días hábiles, contados a partir del día siguiente al aviso, para abrir cada notificación, y que de no hacerlo se tendrá por notificada.
5. Que firma este documento con su e.firma, la cual produce los mismos efectos que la firma autógrafa.

Fecha: ${p.day}`,
  "2020-07": (p) => `SOLICITUD Y MANIFESTACIÓN DE CONFORMIDAD PARA EL USO DEL BUZÓN IMSS
Versión 2020-07 (Lineamientos DOF 09-07-2020)

${p.legalName}, con RFC ${p.rfc}, solicita la habilitación del Buzón IMSS y manifiesta su conformidad con:

1. Recibir notificaciones electrónicas del Instituto Mexicano del Seguro Social a través del Buzón IMSS, en términos del artículo 286 M de la Ley del Seguro Social.
2. Que los avisos de notificación se envíen a los medios de contacto confirmados:
   Correos electrónicos:
${list(p.emails)}
   Teléfonos móviles:
${list(p.mobiles)}
3. Consultar el Buzón IMSS dentro de los tres días hábiles siguientes al aviso, en el entendido de que de no hacerlo la notificación se tendrá por realizada.

Fecha: ${p.day}`,
}

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex")

/**
 * Renders a consent document of a version for a patrón, with its cadena original and hashes.
 * Rule: DOMAIN §2.3 (versioned text with RFC, legal name, contacts and date; canonical bytes signed).
 * @example
 * renderConsent("2024-08", { rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE", emails: ["pagos@kemper.mx"], mobiles: ["+525512345678"], day: "2026-11-30" }).cadenaOriginal
 * // => "||2024-08|EKU9003173C9|ESCUELA KEMPER URGATE|2026-11-30|email:pagos@kemper.mx|mobile:+525512345678|<text SHA-256>||"
 * @since 0.1.0
 */
export const renderConsent = (version: ConsentVersion, party: ConsentParty): ConsentDocument => {
  const text = templates[version](party)
  const textSha256 = sha256(text)
  const contacts = [...party.emails.map((email) => `email:${email}`), ...party.mobiles.map((mobile) => `mobile:${mobile}`)]
  const cadena = cadenaOriginal([version, party.rfc, party.legalName, party.day, ...contacts, textSha256])
  return { version, day: party.day, text, textSha256, cadenaOriginal: cadena, cadenaSha256: sha256(cadena) }
}

/**
 * The consent document of a mailbox as it stands at `now`: its RFC, legal name and verified contacts,
 * dated on the day of `now` in the calendar's zone (never the UTC date). The shell shows this document
 * to be signed; the decider renders it again to check the signature.
 * @example consentForMailbox(state, "2024-08", makeCalendar(), Date.parse("2026-12-01T05:00:00Z")).day // => "2026-11-30"
 * @since 0.1.0
 */
export const consentForMailbox = (mailbox: EnrolledMailbox, version: ConsentVersion, calendar: Calendar, now: number): ConsentDocument =>
  renderConsent(version, {
    rfc: mailbox.rfc,
    legalName: mailbox.legalName,
    emails: verifiedContacts(mailbox, "email").map((contact) => contact.address),
    mobiles: verifiedContacts(mailbox, "mobile").map((contact) => contact.address),
    day: dayOf(calendar, now),
  })
