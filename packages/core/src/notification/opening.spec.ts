import { describe, expect, it } from "vitest"
import { Result } from "effect"
import { rejected } from "../efirma/errors.js"
import { readCertificate } from "../efirma/certificate.js"
import type { Credential } from "../efirma/privateKey.js"
import { sign } from "../efirma/signature.js"
import { deciderSpec, expectIdempotent } from "../testing/deciderSpec.js"
import { OpenNotification } from "./commands.js"
import { notificationDecider } from "./decider.js"
import {
  NotifiedByEstrados, NotTheAddressee, OpeningCertificateRejected, OpeningSignatureInvalid, UnknownNotification,
} from "./errors.js"
import { NotificationMade, NotificationOpened, NotificationTookEffect } from "./events.js"
import { madeEvents, plazoRecords } from "./made.js"
import { plazos } from "../timing/plazos.js"
import { at, avisado, avisadoSteps, cff2026, deposit, dispatch, fiel, historyOf, identity, markDeemed, mx, N1, open, RFC, SHA } from "./specFixtures.js"

const spec = deciderSpec(notificationDecider)
const versions = { calendarVersion: cff2026.version, ruleSetVersion: cff2026.ruleSetVersion }
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64")
const acuse = (c: Credential, authenticatedAt: number, countsAsMadeAt: number | null) =>
  new NotificationOpened({
    notificationId: N1, rfc: RFC, certificateNumber: c.certificate.certificateNumber,
    representativeRfc: c.certificate.representative?.rfc ?? null, authenticatedAt, countsAsMadeAt, contentSha256: SHA,
    certificateDer: b64(c.certificate.der), signature: b64(sign(c, SHA)), ...versions,
  })
const readerMessage = (bytes: Uint8Array): string => {
  const read = readCertificate(bytes)
  if (Result.isSuccess(read)) throw new Error("expected the e.firma reader to reject these bytes")
  return read.failure.message
}
const made = (basis: "opened" | "deemed", madeAt: number) => madeEvents(cff2026, N1, basis, madeAt)

describe("OpenNotification", () => {
  it("inside a window on day 2, the acuse is made at the authentication instant (DOMAIN §3.4)", () =>
    spec.given(avisado()).when(open(), at("2026-03-13T11:15")).then([
      acuse(fiel.addressee, mx("2026-03-13T11:15"), mx("2026-03-13T11:15")),
      ...made("opened", mx("2026-03-13T11:15")),
    ]))

  it("the first made event reads: opened, Fri 13 Mar 11:15, made on 2026-03-13; effect Tue 17 (Mon 16 is a holiday)", () =>
    spec.given(avisado()).when(open(), at("2026-03-13T11:15")).then((events) => {
      expect(events[1]).toEqual(new NotificationMade({ notificationId: N1, basis: "opened", madeAt: mx("2026-03-13T11:15"), madeOn: "2026-03-13", ...versions }))
      expect(events[2]).toEqual(new NotificationTookEffect({
        notificationId: N1, effectiveOn: "2026-03-17", plazos: plazoRecords(plazos(cff2026, "2026-03-17")), ...versions,
      }))
    }))

  // RCFF art. 11, read literally: 08:00 Tuesday counts Wednesday 09:30, not Tuesday 09:30 — later than an opening at 09:30.
  it("an opening at 08:00 on Tue 17 counts at 09:30 on Wed 18; one at 09:30 on Tue 17 counts at once (non-monotonic)", () => {
    spec.given(avisado()).when(open(), at("2026-03-17T08:00")).then([
      acuse(fiel.addressee, mx("2026-03-17T08:00"), mx("2026-03-18T09:30")), ...made("opened", mx("2026-03-18T09:30")),
    ])
    spec.given(avisado()).when(open(), at("2026-03-17T09:30")).then([
      acuse(fiel.addressee, mx("2026-03-17T09:30"), mx("2026-03-17T09:30")), ...made("opened", mx("2026-03-17T09:30")),
    ])
  })

  it("an opening at 23:00 on day 3 counts exactly at the deemed instant and keeps basis opened (DOMAIN §3.4)", () =>
    spec.given(avisado()).when(open(), at("2026-03-17T23:00")).then([
      acuse(fiel.addressee, mx("2026-03-17T23:00"), mx("2026-03-18T09:30")), ...made("opened", mx("2026-03-18T09:30")),
    ]))

  it("an opening at 08:00 on day 4 would count after the deemed instant: it is deemed instead", () =>
    spec.given(avisado()).when(open(), at("2026-03-18T08:00")).then([
      acuse(fiel.addressee, mx("2026-03-18T08:00"), null), ...made("deemed", mx("2026-03-18T09:30")),
    ]))

  it("an opening at or after the deemed instant, before the sweep, is recorded but the act is deemed", () =>
    spec.given(avisado()).when(open(), at("2026-03-18T09:30")).then([
      acuse(fiel.addressee, mx("2026-03-18T09:30"), null), ...made("deemed", mx("2026-03-18T09:30")),
    ]))

  it("an opening after the act was deemed is recorded and changes nothing", () =>
    spec.given(historyOf(...avisadoSteps, [markDeemed, at("2026-03-18T09:30")])).when(open(), at("2026-03-20T10:00"))
      .then([acuse(fiel.addressee, mx("2026-03-20T10:00"), null)]))

  it("an opening before any aviso counts per DOMAIN §3.4 (09:10 counts next business day 09:30); nothing is deemed later", () => {
    const deposited = historyOf([deposit(), at("2026-03-11T09:00")])
    spec.given(deposited).when(open(), at("2026-03-11T09:10")).then([
      acuse(fiel.addressee, mx("2026-03-11T09:10"), mx("2026-03-12T09:30")), ...made("opened", mx("2026-03-12T09:30")),
    ])
    spec.given(historyOf([deposit(), at("2026-03-11T09:00")], [open(), at("2026-03-11T09:10")])).when(dispatch, at("2026-03-11T09:30")).thenNothing()
    const opened = historyOf([deposit(), at("2026-03-11T09:00")], [open(), at("2026-03-11T09:10")])
    spec.given(opened).when(markDeemed, at("2026-03-30T10:00")).thenNothing()
  })

  it("the legal representative named in the persona moral's FIEL may open; the acuse names it (DOMAIN §2.5)", () =>
    spec.given(avisado()).when(open(fiel.representative), at("2026-03-12T10:00")).then((events) =>
      expect(events[0]).toEqual(acuse(fiel.representative, mx("2026-03-12T10:00"), mx("2026-03-12T10:00")))))

  it("a second opening decides nothing", () =>
    spec.given(historyOf(...avisadoSteps, [open(), at("2026-03-12T10:00")])).when(open(), at("2026-03-12T11:00")).thenNothing())

  it("refuses the FIEL the shell found untrusted or revoked at the instant of use, after the no-op check (DOMAIN §2.1)", () => {
    const revoked = rejected("EFIRMA_REVOKED", "certificate 30001000000500003415 was revoked 2026-03-12T16:00:00.000Z (keyCompromise)")
    const refused = new OpenNotification({ ...open(), trustRefusal: revoked })
    spec.given(avisado()).when(refused, at("2026-03-12T10:00")).thenFails(revoked)
    spec.given(historyOf(...avisadoSteps, [open(), at("2026-03-12T09:45")])).when(refused, at("2026-03-12T10:00")).thenNothing()
  })

  it("refuses another RFC's FIEL", () =>
    spec.given(avisado()).when(open(fiel.stranger), at("2026-03-12T10:00"))
      .thenFails(new NotTheAddressee({ notificationId: N1, addresseeRfc: RFC, presentedRfc: "CACX7605101P8" })))

  it("refuses a signature over anything but the act's hash", () =>
    spec.given(avisado()).when(open(fiel.addressee, "00".repeat(32)), at("2026-03-12T10:00"))
      .thenFails(new OpeningSignatureInvalid({ notificationId: N1, certificateNumber: fiel.addressee.certificate.certificateNumber })))

  it("refuses a CSD (only a FIEL may open, DOMAIN §9)", () =>
    spec.given(avisado()).when(open(fiel.csd), at("2026-03-12T10:00")).thenFails(new OpeningCertificateRejected({
      notificationId: N1, reason: `certificate ${fiel.csd.certificate.certificateNumber} is a CSD, not a FIEL.`,
    })))

  it("refuses a certificate outside its validity (it expires 1 May 2027)", () =>
    spec.given(avisado()).when(open(), { now: Date.parse("2027-05-03T16:00:00Z"), calendar: cff2026 }).thenFails(new OpeningCertificateRejected({
      notificationId: N1, reason: `certificate ${fiel.addressee.certificate.certificateNumber} is not valid at this instant.`,
    })))

  it("refuses a certificate other than the one the session authenticated with", () => {
    const swapped = new OpenNotification({ ...open(), identity: identity(fiel.stranger) })
    spec.given(avisado()).when(swapped, at("2026-03-12T10:00")).thenFails(new OpeningCertificateRejected({
      notificationId: N1,
      reason: `certificate ${fiel.addressee.certificate.certificateNumber} is not the one this session authenticated with (${fiel.stranger.certificate.certificateNumber}).`,
    }))
  })

  it("refuses bytes that are not a certificate, with the e.firma reader's message", () =>
    spec.given(avisado()).when(new OpenNotification({ ...open(), certificate: new Uint8Array([1, 2, 3]) }), at("2026-03-12T10:00"))
      .thenFails(new OpeningCertificateRejected({ notificationId: N1, reason: readerMessage(new Uint8Array([1, 2, 3])) })))

  it("refuses an act in estrados, and an unknown notification", () => {
    const estrados = historyOf([deposit({ mailbox: { active: false, verifiedContacts: [] } }), at("2026-03-02T12:00")])
    spec.given(estrados).when(open(), at("2026-03-03T10:00")).thenFails(new NotifiedByEstrados({ notificationId: N1, notifiedAt: mx("2026-03-18T09:30") }))
    spec.given([]).when(open(), at("2026-03-03T10:00")).thenFails(new UnknownNotification({ notificationId: N1 }))
  })

  it("is idempotent (Equinox)", () =>
    expect(expectIdempotent(notificationDecider, avisado(), open(), at("2026-03-12T10:00"))).toHaveLength(3))
})
