import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { FIXED_NOW, noSatFixtures, readSatCredential } from "../../../../test/support/satFixtures.js"
import type { SatCredentialName } from "../../../../test/support/satFixtures.js"
import { readCertificate } from "../efirma/certificate.js"
import { readCredential } from "../efirma/privateKey.js"
import { sign } from "../efirma/signature.js"
import { identityOf } from "../efirma/validate.js"
import { acuseVerifies } from "../evidence/bundle.js"
import { acuseDeRecibo } from "../evidence/documents.js"
import { deciderSpec } from "../testing/deciderSpec.js"
import { DepositAct, DispatchAviso, OpenNotification } from "./commands.js"
import { notificationDecider } from "./decider.js"
import { NotTheAddressee, OpeningCertificateRejected } from "./errors.js"
import { cff2026, contacts, historyOf, mx, SHA } from "./specFixtures.js"

// The same code is covered with generated credentials in opening.spec.ts; these run on SAT's own test FIELs.
describe.skipIf(noSatFixtures)("OpenNotification with SAT's test e.firma (fixed clock 2026-11-30)", () => {
  const credential = (name: SatCredentialName) => {
    const files = readSatCredential(name)
    return Result.getOrThrow(readCredential(files.certificate, files.privateKey, files.password))
  }
  const depositFor = (rfc: string) => new DepositAct({
    notificationId: "sat-1", idempotencyKey: "sat-1", rfc, actType: "oficio", reference: "OF-2026-1", contentSha256: SHA,
    issuingUnit: "Subdelegación 10", mailbox: { active: true, verifiedContacts: contacts },
  })
  // Mon 30 Nov 2026 is a business day; deposited at 06:00 Mexico City time → aviso due 09:30.
  const attempted = (rfc: string) => historyOf(
    [depositFor(rfc), { now: mx("2026-11-30T06:00"), calendar: cff2026 }],
    [new DispatchAviso({ notificationId: "sat-1", targets: contacts }), { now: mx("2026-11-30T09:30"), calendar: cff2026 }],
  )
  const opening = (c: ReturnType<typeof credential>) =>
    new OpenNotification({ notificationId: "sat-1", identity: identityOf(c.certificate), certificate: c.certificate.der, signature: sign(c, SHA) })
  const spec = deciderSpec(notificationDecider)

  it("the persona moral's FIEL (representative VADA800927DJ3) opens; the acuse carries certificate 30001000000500003415 and verifies", () =>
    spec.given(attempted("EKU9003173C9")).when(opening(credential("moral-fiel-EKU9003173C9")), { now: FIXED_NOW, calendar: cff2026 }).then((events) => {
      const acuse = events[0]
      if (acuse?._tag !== "NotificationOpened") return expect.fail("expected the acuse first")
      expect(acuseDeRecibo(acuse).record).toEqual({
        notificationId: "sat-1", rfc: "EKU9003173C9", certificateNumber: "30001000000500003415", representativeRfc: "VADA800927DJ3",
        authenticatedAt: "2026-11-30T06:00:00.000-06:00", countsAsMadeAt: "2026-12-01T09:30:00.000-06:00", contentSha256: SHA,
        calendarVersion: cff2026.version, ruleSetVersion: cff2026.ruleSetVersion,
      })
      expect(acuseVerifies(acuse)).toBe(true)
    }))

  it("refuses the CSD of the same RFC, and another taxpayer's FIEL", () => {
    const csd = Result.getOrThrow(readCertificate(readSatCredential("moral-csd-EKU9003173C9").certificate))
    spec.given(attempted("EKU9003173C9"))
      .when(new OpenNotification({ notificationId: "sat-1", identity: identityOf(csd), certificate: csd.der, signature: new Uint8Array(256) }), { now: FIXED_NOW, calendar: cff2026 })
      .thenFails(new OpeningCertificateRejected({ notificationId: "sat-1", reason: "certificate 30001000000500003416 is a CSD, not a FIEL." }))
    spec.given(attempted("EKU9003173C9")).when(opening(credential("fisica-fiel-CACX7605101P8")), { now: FIXED_NOW, calendar: cff2026 })
      .thenFails(new NotTheAddressee({ notificationId: "sat-1", addresseeRfc: "EKU9003173C9", presentedRfc: "CACX7605101P8" }))
  })
})
