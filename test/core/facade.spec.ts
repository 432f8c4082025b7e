/**
 * The whole shell through the Promise facade, on the memory store and a memory sender, with a
 * fixed, settable clock: enrollment to an active mailbox, a deposit, the aviso at the window
 * opening, the deemed sweep on the 4th business day, the inbox, and refusals as tagged values.
 */
import { describe, expect, it } from "vitest"
import { InvalidContentHash, UnknownNotification } from "../../packages/core/src/notification/errors.js"
import { MailboxNotEnrolled } from "../../packages/core/src/mailbox/errors.js"
import { notificationIdOf } from "../../packages/core/src/app/notifications.js"
import { verifyChain } from "../../packages/core/src/evidence/hashChain.js"
import { verifyBundle } from "../../packages/core/src/evidence/bundle.js"
import { enrollActive, login, makeCredentials, makeShell, mx } from "./support.js"

const credentials = makeCredentials([
  { rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE SA DE CV" },
  { rfc: "CACX7605101P8", legalName: "XOCHILT CASAS CHAVEZ" },
])
const kemper = credentials.patrones[0]!
const xochilt = credentials.patrones[1]!
const sha = "5".repeat(64)
const act = { idempotencyKey: "IMSS-2026-000001", rfc: kemper.rfc, actType: "oficio" as const, reference: "OF-1", contentSha256: sha, issuingUnit: "Subdelegación Centro" }

describe("createBuzon", () => {
  it("enrolls a patrón to an active mailbox with one verified email and one verified mobile", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    const { signed } = await enrollActive(shell, kemper, { email: "Pagos@Kemper.mx", mobile: "55 1234 5678" })
    if (signed.mailbox.status !== "active") throw new Error(`expected active, got ${signed.mailbox.status}`)
    expect([...signed.mailbox.contacts.values()].map((c) => ({ kind: c.kind, address: c.address, verified: c.verifiedAt !== undefined }))).toEqual([
      { kind: "email", address: "pagos@kemper.mx", verified: true },
      { kind: "mobile", address: "+525512345678", verified: true },
    ])
    expect(shell.sender.sent().map((m) => ({ channel: m.channel, to: m.to, purpose: m.purpose }))).toEqual([
      { channel: "email", to: "pagos@kemper.mx", purpose: "verification-code" },
      { channel: "sms", to: "+525512345678", purpose: "verification-code" },
    ])
    const history = await shell.buzon.history(notificationIdOf("none"))
    expect(history).toEqual([])
  })

  it("deposits, sends the aviso at the window opening and deems the act on the 4th business day (DOMAIN §3 worked example)", async () => {
    const shell = makeShell(credentials, mx("2026-03-09T10:00"))
    const { buzon, sender, clock } = shell
    await enrollActive(shell, kemper, { email: "pagos@kemper.mx", mobile: "5512345678" })
    clock.set(mx("2026-03-11T08:00"))
    const deposited = await buzon.deposit(act)
    expect(deposited.notificationId).toBe(notificationIdOf(act.idempotencyKey))
    expect((await buzon.deposit(act)).events).toEqual([]) // a retried deposit is a no-op

    expect(await buzon.runDue(mx("2026-03-11T09:29:59.999"))).toEqual({ at: mx("2026-03-11T09:29:59.999"), recovered: 0, attempts: 0, delivered: 0, failedAttempts: 0, deemed: 0, skipped: 0 })
    expect(await buzon.runDue(mx("2026-03-11T09:30"))).toEqual({ at: mx("2026-03-11T09:30"), recovered: 0, attempts: 1, delivered: 1, failedAttempts: 0, deemed: 0, skipped: 0 })
    expect(sender.sent().filter((m) => m.purpose === "aviso").map((m) => ({ channel: m.channel, to: m.to, notificationId: m.notificationId }))).toEqual([
      { channel: "email", to: "pagos@kemper.mx", notificationId: deposited.notificationId },
      { channel: "sms", to: "+525512345678", notificationId: deposited.notificationId },
    ])
    expect(await buzon.runDue(mx("2026-03-18T09:29"))).toMatchObject({ attempts: 0, deemed: 0 })
    expect(await buzon.runDue(mx("2026-03-18T09:30"))).toMatchObject({ attempts: 0, deemed: 1 })
    expect(await buzon.runDue(mx("2026-03-18T09:31"))).toMatchObject({ attempts: 0, deemed: 0 })

    const [item] = await buzon.inbox(kemper.rfc)
    expect(item).toMatchObject({
      notificationId: deposited.notificationId, status: "in-effect", avisoAt: mx("2026-03-11T09:30"), openUntil: "2026-03-17",
      deemableAt: mx("2026-03-18T09:30"), madeAt: mx("2026-03-18T09:30"), madeOn: "2026-03-18", madeBasis: "deemed", effectiveOn: "2026-03-19",
    })
    expect(item?.plazos.map((p) => p.endsOn)).toContain("2026-05-06") // 30-day plazo of the worked example
    const history = await buzon.history(deposited.notificationId)
    expect(history.map((e) => e.type)).toEqual(["ActDeposited", "AvisoDispatchAttempted", "AvisoSent", "AvisoSent", "AvisoDelivered", "NotificationMade", "NotificationTookEffect"])
    expect(verifyChain(history).ok).toBe(true)
    const bundle = await buzon.evidence(deposited.notificationId)
    expect(verifyBundle(bundle, credentials.instituteSeal.certificate)).toEqual({ ok: true })
    expect(bundle.documents.map((d) => d.kind)).toEqual(["aviso", "constancia"])
    await expect(buzon.evidence("n-missing")).rejects.toEqual(new UnknownNotification({ notificationId: "n-missing" }))
  })

  it("sends an act for an RFC without an active mailbox to estrados, and makes it on the 11th day (CFF art. 139)", async () => {
    const { buzon } = makeShell(credentials, mx("2026-03-11T10:00"))
    const { notificationId, events } = await buzon.deposit({ ...act, rfc: xochilt.rfc })
    expect(events.map((e) => e._tag)).toEqual(["ActDeposited", "ActPublishedInEstrados"])
    const estrados = events[1]!
    if (estrados._tag !== "ActPublishedInEstrados") throw new Error("expected estrados")
    expect(await buzon.runDue(estrados.notifiedAt - 1)).toMatchObject({ deemed: 0, attempts: 0 })
    expect(await buzon.runDue(estrados.notifiedAt)).toMatchObject({ deemed: 1, attempts: 0 })
    expect((await buzon.notification(notificationId)).notification.status).toBe("made")
  })

  it("rejects with the tagged error value itself", async () => {
    const { buzon } = makeShell(credentials, mx("2026-03-11T10:00"))
    await expect(buzon.deposit({ ...act, contentSha256: "ABC" })).rejects.toEqual(new InvalidContentHash({ contentSha256: "ABC" }))
    const identity = await login(buzon, xochilt)
    await expect(buzon.consentDocument(identity)).rejects.toEqual(new MailboxNotEnrolled({ rfc: xochilt.rfc }))
    await expect(buzon.open(identity, { notificationId: "n-missing", certificate: xochilt.certificate, signature: new Uint8Array(256) })).rejects.toEqual(
      new UnknownNotification({ notificationId: "n-missing" }),
    )
  })
})
