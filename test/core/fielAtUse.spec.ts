/**
 * DOMAIN §2.1 at the instant of use: signing the consent and opening an act check the FIEL's chain
 * to a trusted SAT CA and its revocation again, in the shell, whatever `Identity` the caller passes
 * (the facade takes it from its caller) and however long ago the login was. A retry of what was
 * already done stays a no-op even once the certificate is revoked.
 */
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { readCertificate } from "../../packages/core/src/efirma/certificate.js"
import { rejected } from "../../packages/core/src/efirma/errors.js"
import type { RevocationCheckerShape } from "../../packages/core/src/efirma/revocation.js"
import { sign } from "../../packages/core/src/efirma/signature.js"
import { identityOf } from "../../packages/core/src/efirma/validate.js"
import { enrollActive, makeCredentials, makeShell, mx } from "./support.js"
import type { Patron } from "./support.js"

const kemperName = { rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE SA DE CV" }
const credentials = makeCredentials([kemperName])
const kemper = credentials.patrones[0]!
// The same RFC and name under a CA of the attacker's making: nothing trusts it.
const rogue = makeCredentials([kemperName]).patrones[0]!
const forgedIdentity = identityOf(Result.getOrThrow(readCertificate(rogue.certificate)))
const untrusted = rejected("EFIRMA_UNTRUSTED_ISSUER", `no trusted CA issued and signed it (issuer: ${rogue.credential.certificate.issuer})`)
const contacts = { email: "pagos@kemper.mx", mobile: "5512345678" }
const act = { idempotencyKey: "IMSS-FIEL-1", rfc: kemper.rfc, actType: "oficio" as const, reference: "OF-FIEL-1", contentSha256: "f".repeat(64), issuingUnit: "Subdelegación Centro" }
const number = (p: Patron) => Result.getOrThrow(readCertificate(p.certificate)).certificateNumber

/** Revoked at `revokedAt` (an instant of the test clock), good before it. */
const revokedFrom = (revokedAt: number, now: () => number): RevocationCheckerShape => ({
  check: () => Effect.sync(() => (now() >= revokedAt ? { status: "revoked", producedAt: now(), revokedAt, reason: "keyCompromise" } : { status: "good", producedAt: now() })),
})

/** Enrolls with both contacts verified, consent not signed yet. */
const enrollVerified = async (shell: ReturnType<typeof makeShell>) => {
  const { challengeId, nonce } = await shell.buzon.challenge()
  const { identity } = await shell.buzon.enroll({ challengeId, certificate: kemper.certificate, signature: sign(kemper.credential, nonce) })
  for (const contact of [{ kind: "email" as const, address: contacts.email }, { kind: "mobile" as const, address: contacts.mobile }]) {
    const { contactId } = await shell.buzon.addContact(identity, contact)
    const { mailbox } = await shell.buzon.mailbox(kemper.rfc)
    if (mailbox.status === "unenrolled") throw new Error("expected enrolling")
    await shell.buzon.verifyContact(identity, { contactId, code: shell.sender.lastCodeTo(mailbox.contacts.get(contactId)!.address)! })
  }
  return identity
}

describe("the FIEL checked again when it signs (DOMAIN §2.1)", () => {
  it("refuses a consent signed with a FIEL of the patrón's RFC from an untrusted CA, and the mailbox stays enrolling", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    await enrollVerified(shell)
    const document = await shell.buzon.consentDocument(forgedIdentity)
    const before = await shell.buzon.mailbox(kemper.rfc)
    await expect(shell.buzon.signConsent(forgedIdentity, { version: document.version, certificate: rogue.certificate, signature: sign(rogue.credential, document.cadenaOriginal) }))
      .rejects.toEqual(untrusted)
    expect(await shell.buzon.mailbox(kemper.rfc)).toEqual(before)
    expect(before.mailbox.status).toBe("enrolling")
  })

  it("refuses to open an act with a FIEL of the addressee's RFC from an untrusted CA, and records nothing", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    await enrollActive(shell, kemper, contacts)
    shell.clock.set(mx("2026-03-11T10:00"))
    const { notificationId } = await shell.buzon.deposit(act)
    const before = await shell.buzon.history(notificationId)
    await expect(shell.buzon.open(forgedIdentity, { notificationId, certificate: rogue.certificate, signature: sign(rogue.credential, act.contentSha256) }))
      .rejects.toEqual(untrusted)
    expect(await shell.buzon.history(notificationId)).toEqual(before)
  })

  it("refuses a consent signed with a FIEL revoked since the login", async () => {
    const revokedAt = mx("2026-03-11T10:30")
    const shell = makeShell(credentials, mx("2026-03-09T10:00"), { revocation: revokedFrom(revokedAt, () => shell.clock.now()) })
    const identity = await enrollVerified(shell)
    const document = await shell.buzon.consentDocument(identity)
    shell.clock.set(revokedAt)
    const revoked = rejected("EFIRMA_REVOKED", `certificate ${number(kemper)} was revoked ${new Date(revokedAt).toISOString()} (keyCompromise)`)
    await expect(shell.buzon.signConsent(identity, { version: document.version, certificate: kemper.certificate, signature: sign(kemper.credential, document.cadenaOriginal) }))
      .rejects.toEqual(revoked)
    expect((await shell.buzon.mailbox(kemper.rfc)).mailbox.status).toBe("enrolling")
  })

  it("refuses an opening with a FIEL revoked since the login, and a retry of an opening made before it stays a no-op", async () => {
    const revokedAt = mx("2026-03-11T10:30")
    const shell = makeShell(credentials, mx("2026-03-09T10:00"), { revocation: revokedFrom(revokedAt, () => shell.clock.now()) })
    const { identity } = await enrollActive(shell, kemper, contacts)
    shell.clock.set(mx("2026-03-11T10:00"))
    const first = await shell.buzon.deposit(act)
    const second = await shell.buzon.deposit({ ...act, idempotencyKey: "IMSS-FIEL-2", reference: "OF-FIEL-2" })
    const opening = (notificationId: string) => shell.buzon.open(identity, { notificationId, certificate: kemper.certificate, signature: sign(kemper.credential, act.contentSha256) })
    const opened = await opening(first.notificationId)
    expect(opened.events.map((e) => e._tag)).toEqual(["NotificationOpened", "NotificationMade", "NotificationTookEffect"])
    shell.clock.set(mx("2026-03-11T11:00"))
    const retried = await opening(first.notificationId)
    expect({ events: retried.events, version: retried.version }).toEqual({ events: [], version: opened.version })
    const before = await shell.buzon.history(second.notificationId)
    await expect(opening(second.notificationId))
      .rejects.toEqual(rejected("EFIRMA_REVOKED", `certificate ${number(kemper)} was revoked ${new Date(revokedAt).toISOString()} (keyCompromise)`))
    expect(await shell.buzon.history(second.notificationId)).toEqual(before)
  })
})
