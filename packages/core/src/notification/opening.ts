/**
 * Opening an act (DOMAIN §3.4): the addressee, or the legal representative named in its certificate,
 * signs the act's SHA-256 (lowercase hex, as UTF-8) with its FIEL. The decider checks the signature,
 * that the certificate is a FIEL valid now and that its RFC is the addressee's, and records the acuse
 * de recibo. The certificate's chain of trust and revocation are checked by the shell's e.firma login
 * before the command is issued: a decider has no trust store and no network.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { DecideContext } from "../app/decider.js"
import { readCertificate } from "../efirma/certificate.js"
import { verifySignature } from "../efirma/signature.js"
import { madeAtOnOpening } from "../timing/notified.js"
import type { OpenNotification } from "./commands.js"
import {
  NotifiedByEstrados, NotTheAddressee, OpeningCertificateRejected, OpeningSignatureInvalid, UnknownNotification,
} from "./errors.js"
import type { NotificationRefusal } from "./errors.js"
import { NotificationOpened } from "./events.js"
import type { MadeBasis, NotificationEvent } from "./events.js"
import { madeEvents } from "./made.js"
import type { NotificationState } from "./state.js"

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64")

/**
 * When and on what basis an opening at `openedAt` makes the notification, or null when it changes
 * nothing. Rule: RCFF art. 11 and regla 2.9.2 via `madeAtOnOpening` (DOMAIN §3.4); an opening at or
 * after the deemed instant changes nothing, and one that would count after it is deemed instead
 * (DOMAIN §3.4–3.5); one counting exactly at the deemed instant keeps basis `opened`.
 * @example openingCounts(cal, instant("2026-03-17T23:00-06:00"), instant("2026-03-18T09:30-06:00")) // => { basis: "opened", madeAt: instant("2026-03-18T09:30-06:00") }
 * @since 0.1.0
 */
export const openingCounts = (
  calendar: DecideContext["calendar"],
  openedAt: number,
  deemableAt: number | undefined,
): { readonly basis: MadeBasis; readonly madeAt: number } | null => {
  if (deemableAt !== undefined && openedAt >= deemableAt) return null // DOMAIN §3.5: recorded, changes nothing
  const countsAt = madeAtOnOpening(calendar, openedAt)
  if (deemableAt !== undefined && countsAt > deemableAt) return { basis: "deemed", madeAt: deemableAt } // DOMAIN §3.4, last para.
  return { basis: "opened", madeAt: countsAt }
}

/**
 * Decides an opening: refusals for a bad e.firma, else the acuse and, when it counts, made + effect.
 * Rule: DOMAIN §3.4–3.5, §9 (only a FIEL).
 * @example openNotification(open(fiel), avisado, at("2026-03-12T10:00")).map((e) => e._tag) // => ["NotificationOpened", "NotificationMade", "NotificationTookEffect"]
 * @since 0.1.0
 */
export const openNotification = (
  cmd: OpenNotification,
  state: NotificationState,
  ctx: DecideContext,
): ReadonlyArray<NotificationEvent> | NotificationRefusal => {
  const { notificationId } = cmd
  if (state.status === "empty") return new UnknownNotification({ notificationId })
  if (state.estrados !== null) return new NotifiedByEstrados({ notificationId, notifiedAt: state.estrados.notifiedAt })
  if (state.acuse !== null) return [] // opened already: the acuse exists, a repeated opening is a no-op
  const read = readCertificate(cmd.certificate)
  if (Result.isFailure(read)) return new OpeningCertificateRejected({ notificationId, reason: read.failure.message })
  const certificate = read.success
  // DOMAIN §9: only a FIEL may open notifications; DOMAIN §2.1: within its validity at the instant of use.
  if (certificate.kind !== "FIEL")
    return new OpeningCertificateRejected({ notificationId, reason: `certificate ${certificate.certificateNumber} is a CSD, not a FIEL.` })
  if (ctx.now < certificate.notBefore || ctx.now > certificate.notAfter)
    return new OpeningCertificateRejected({ notificationId, reason: `certificate ${certificate.certificateNumber} is not valid at this instant.` })
  if (certificate.certificateNumber !== cmd.identity.certificateNumber) // the login's certificate must sign the opening
    return new OpeningCertificateRejected({ notificationId, reason: `certificate ${certificate.certificateNumber} is not the one this session authenticated with (${cmd.identity.certificateNumber}).` })
  const { deposit } = state
  if (certificate.rfc !== deposit.rfc) // a representative's FIEL names the persona moral's RFC first (DOMAIN §9)
    return new NotTheAddressee({ notificationId, addresseeRfc: deposit.rfc, presentedRfc: certificate.rfc })
  // DOMAIN §2.1: chained to a trusted SAT CA and not revoked at the instant of use, as the shell found.
  if (cmd.trustRefusal !== undefined) return cmd.trustRefusal
  if (!verifySignature(certificate, deposit.contentSha256, cmd.signature))
    return new OpeningSignatureInvalid({ notificationId, certificateNumber: certificate.certificateNumber })
  const counts = state.made === null ? openingCounts(ctx.calendar, ctx.now, state.aviso?.deemableAt) : null
  const acuse = new NotificationOpened({
    notificationId, rfc: deposit.rfc, certificateNumber: certificate.certificateNumber,
    representativeRfc: certificate.representative?.rfc ?? null, authenticatedAt: ctx.now,
    countsAsMadeAt: counts?.basis === "opened" ? counts.madeAt : null, contentSha256: deposit.contentSha256,
    certificateDer: base64(certificate.der), signature: base64(cmd.signature),
    calendarVersion: ctx.calendar.version, ruleSetVersion: ctx.calendar.ruleSetVersion,
  })
  if (state.made !== null) return [acuse]
  // Opened at or after the deemed instant before the scheduler deemed it: deemed now, opening recorded.
  const made = counts ?? { basis: "deemed" as const, madeAt: state.aviso?.deemableAt ?? ctx.now }
  return [acuse, ...madeEvents(ctx.calendar, notificationId, made.basis, made.madeAt)]
}
