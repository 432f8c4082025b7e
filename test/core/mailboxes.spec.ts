/**
 * The mailbox and opening use-cases at the shell's level: what the shell adds to the deciders
 * (codes drawn and sent, logins, the consent document, actor metadata, errors as values).
 */
import { describe, expect, it } from "vitest"
import { DispatchFailed } from "../../packages/core/src/app/AvisoSender.js"
import { rejected } from "../../packages/core/src/efirma/errors.js"
import { sign } from "../../packages/core/src/efirma/signature.js"
import { ConsentVersionUnknown, MailboxNotEnrolled } from "../../packages/core/src/mailbox/errors.js"
import { mailboxStreamName } from "../../packages/core/src/mailbox/events.js"
import { madeAtOnOpening } from "../../packages/core/src/timing/notified.js"
import { calendar2026, enrollActive, login, makeCredentials, makeShell, mx } from "./support.js"
import { Effect } from "effect"

const credentials = makeCredentials([
  { rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE SA DE CV" },
  { rfc: "CACX7605101P8", legalName: "XOCHILT CASAS CHAVEZ" },
])
const [kemper, xochilt] = credentials.patrones as [(typeof credentials.patrones)[0], (typeof credentials.patrones)[0]]
const contacts = { email: "pagos@kemper.mx", mobile: "5512345678" }

describe("the mailbox use-cases", () => {
  it("refuses a login whose signature is not over the challenge, with e.firma's stable code", async () => {
    const { buzon } = makeShell(credentials, mx("2026-03-09T10:00"))
    const { challengeId } = await buzon.challenge()
    await expect(buzon.authenticate({ challengeId, certificate: kemper.certificate, signature: sign(kemper.credential, "something else") })).rejects.toMatchObject({
      _tag: "EfirmaRejected",
      code: "EFIRMA_SIGNATURE_INVALID",
    })
    await expect(buzon.authenticate({ challengeId, certificate: kemper.certificate, signature: new Uint8Array(256) })).rejects.toEqual(
      rejected("EFIRMA_SIGNATURE_INVALID", `challenge ${challengeId} is unknown or was already used`),
    )
  })

  it("replaces a contact: the code goes to the new address, and verifying it removes the old one", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    const { identity, emailId } = await enrollActive(shell, kemper, contacts)
    const { contactId } = await shell.buzon.replaceContact(identity, { contactId: emailId, address: "Nuevo@Kemper.mx" })
    const code = shell.sender.lastCodeTo("nuevo@kemper.mx")!
    expect(code).toMatch(/^\d{6}$/)
    const { mailbox } = await shell.buzon.verifyContact(identity, { contactId, code })
    if (mailbox.status !== "active") throw new Error("expected an active mailbox")
    expect([...mailbox.contacts.values()].map((c) => c.address)).toEqual(["+525512345678", "nuevo@kemper.mx"])
  })

  it("fails with the provider's DispatchFailed when a code cannot be sent, and a resend sends a new one", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    const { challengeId, nonce } = await shell.buzon.challenge()
    const { identity } = await shell.buzon.enroll({ challengeId, certificate: kemper.certificate, signature: sign(kemper.credential, nonce) })
    shell.sender.failWhen(() => ({ reason: "SMS gateway down", retryable: true }))
    await expect(shell.buzon.addContact(identity, { kind: "mobile", address: "5512345678" })).rejects.toEqual(
      new DispatchFailed({ channel: "sms", to: "+525512345678", reason: "SMS gateway down", retryable: true }),
    )
    shell.sender.failWhen(() => undefined)
    const { mailbox } = await shell.buzon.mailbox(kemper.rfc)
    if (mailbox.status === "unenrolled") throw new Error("expected enrolling")
    const [contact] = [...mailbox.contacts.values()]
    await shell.buzon.resendCode(identity, contact!.contactId)
    const verified = await shell.buzon.verifyContact(identity, { contactId: contact!.contactId, code: shell.sender.lastCodeTo("+525512345678")! })
    if (verified.mailbox.status === "unenrolled") throw new Error("expected enrolling")
    expect(verified.mailbox.contacts.get(contact!.contactId)?.verifiedAt).toBe(mx("2026-03-09T10:00"))
  })

  it("renders the consent document of a known version only; another patrón's login reaches only its own mailbox", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    const { identity } = await enrollActive(shell, kemper, contacts)
    await expect(shell.buzon.consentDocument(identity, "1999-01")).rejects.toEqual(new ConsentVersionUnknown({ version: "1999-01" }))
    const document = await shell.buzon.consentDocument(identity)
    expect({ version: document.version, day: document.day }).toEqual({ version: "2024-08", day: "2026-03-09" })
    expect(document.cadenaOriginal).toContain("|EKU9003173C9|ESCUELA KEMPER URGATE SA DE CV|2026-03-09|email:pagos@kemper.mx|mobile:+525512345678|")
    const stranger = await login(shell.buzon, xochilt)
    const { mailbox } = await shell.buzon.mailbox(kemper.rfc)
    if (mailbox.status !== "active") throw new Error("expected active")
    const [someContact] = [...mailbox.contacts.keys()]
    await expect(shell.buzon.removeContact(stranger, someContact!)).rejects.toEqual(new MailboxNotEnrolled({ rfc: xochilt.rfc }))
  })

  it("records who acted on every event: the certificate number and the command id", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    const { identity } = await enrollActive(shell, kemper, contacts)
    const events = await Effect.runPromise(shell.store.readStream(mailboxStreamName(kemper.rfc)))
    expect(events.map((e) => e.metadata["actor"])).toEqual(events.map(() => ({ kind: "efirma", rfc: kemper.rfc, certificateNumber: identity.certificateNumber })))
    expect(events.map((e) => e.metadata["commandId"])).toContain(`enroll:${kemper.rfc}`)
  })
})

describe("opening an act", () => {
  it("records the acuse and makes the notification at 09:30 of the next business day when opened outside a window (RCFF art. 11)", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    const { identity } = await enrollActive(shell, kemper, contacts)
    const contentSha256 = "c".repeat(64)
    const { notificationId } = await shell.buzon.deposit({ idempotencyKey: "OPEN-1", rfc: kemper.rfc, actType: "requerimiento", reference: "RQ-1", contentSha256, issuingUnit: "Subdelegación Sur" })
    await shell.buzon.runDue() // 10:00 Monday: the aviso goes now
    shell.clock.set(mx("2026-03-10T08:00")) // Tuesday 08:00, before the window
    const opened = await shell.buzon.open(identity, { notificationId, certificate: kemper.certificate, signature: sign(kemper.credential, contentSha256) })
    expect(opened.events.map((e) => e._tag)).toEqual(["NotificationOpened", "NotificationMade", "NotificationTookEffect"])
    expect(madeAtOnOpening(calendar2026, mx("2026-03-10T08:00"))).toBe(mx("2026-03-11T09:30"))
    const [item] = await shell.buzon.inbox(kemper.rfc)
    expect(item).toMatchObject({ status: "in-effect", openedAt: mx("2026-03-10T08:00"), madeAt: mx("2026-03-11T09:30"), madeBasis: "opened", effectiveOn: "2026-03-12" })
    expect((await shell.buzon.open(identity, { notificationId, certificate: kemper.certificate, signature: sign(kemper.credential, contentSha256) })).events).toEqual([])
  })
})
