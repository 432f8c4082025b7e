/**
 * What must hold of the recorded history after every command of the model test, each checked
 * against the rule book rather than against the code under test:
 * - DOMAIN §2.4: an active mailbox has ≥ 1 verified email and ≥ 1 verified mobile;
 * - DOMAIN §3.2: no aviso attempt or aviso instant outside a window, none before the deposit;
 * - DOMAIN §3.3–3.6: at most one made and one takes-effect event, made exactly when `timing.timeline`
 *   says for the recorded aviso and opening instants (or at the estrados notification instant);
 * - DOMAIN §8: every acuse's signature verifies with its certificate; every stream's hash chain
 *   verifies, and changing one byte of a recorded event breaks it.
 */
import { Result } from "effect"
import { expect } from "vitest"
import type { BuzonClient } from "../../packages/core/src/app/facade.js"
import { readCertificate } from "../../packages/core/src/efirma/certificate.js"
import { verifySignature } from "../../packages/core/src/efirma/signature.js"
import type { RecordedEvent } from "../../packages/core/src/eventstore/EventStore.js"
import { verifyChain } from "../../packages/core/src/evidence/hashChain.js"
import { acuseVerifies, verifyBundle } from "../../packages/core/src/evidence/bundle.js"
import type { EvidenceBundle } from "../../packages/core/src/evidence/bundle.js"
import { verifiedContacts } from "../../packages/core/src/mailbox/state.js"
import { notificationCodec } from "../../packages/core/src/notification/decider.js"
import type { NotificationEvent } from "../../packages/core/src/notification/events.js"
import { deemedAt, madeAtOnOpening, openUntil } from "../../packages/core/src/timing/notified.js"
import { timeline } from "../../packages/core/src/timing/timeline.js"
import { isInsideWindow } from "../../packages/core/src/timing/window.js"
import { calendar2026 as calendar } from "../core/support.js"

const decode = (history: ReadonlyArray<RecordedEvent>): ReadonlyArray<NotificationEvent> => history.map((e) => notificationCodec.decode(e.type, e.data))
const first = <T extends NotificationEvent["_tag"]>(events: ReadonlyArray<NotificationEvent>, tag: T) =>
  events.findIndex((e) => e._tag === tag)
const of = <T extends NotificationEvent["_tag"]>(events: ReadonlyArray<NotificationEvent>, tag: T) =>
  events.filter((e): e is Extract<NotificationEvent, { _tag: T }> => e._tag === tag)

/** Changes one digit of a recorded event's data: still JSON, a different fact. */
const tampered = (history: ReadonlyArray<RecordedEvent>, k: number): ReadonlyArray<RecordedEvent> => {
  const event = history[k]!
  const text = JSON.stringify(event.data)
  const at = text.search(/\d/)
  const changed = `${text.slice(0, at)}${(Number(text[at]) + 1) % 10}${text.slice(at + 1)}`
  return history.map((e, i) => (i === k ? { ...e, data: JSON.parse(changed) } : e))
}

/** The made instant and basis DOMAIN §3 gives for what the history records. */
const expectedMade = (events: ReadonlyArray<NotificationEvent>) => {
  const [estrados] = of(events, "ActPublishedInEstrados")
  if (estrados !== undefined) return { basis: "estrados", madeAt: estrados.notifiedAt } // CFF art. 139
  const opened = of(events, "NotificationOpened")[0]
  const delivered = of(events, "AvisoDelivered")[0]
  if (opened !== undefined && (delivered === undefined || first(events, "NotificationOpened") < first(events, "AvisoDelivered")))
    return { basis: "opened", madeAt: madeAtOnOpening(calendar, opened.authenticatedAt) } // opened before any aviso
  if (delivered === undefined) return undefined
  const tl = timeline({ deposited: delivered.avisoAt, ...(opened === undefined ? {} : { opened: opened.authenticatedAt }), calendar })
  return { basis: tl.basis, madeAt: tl.madeAt, madeOn: tl.madeOn, effectiveOn: tl.effectiveOn }
}

const checkNotification = (history: ReadonlyArray<RecordedEvent>) => {
  expect(verifyChain(history)).toMatchObject({ ok: true })
  const k = history.length - 1
  expect(verifyChain(tampered(history, k))).toEqual({ ok: false, streamName: history[k]!.streamName, brokenAt: history[k]!.version, reason: "hash-mismatch" })
  const events = decode(history)
  const deposit = of(events, "ActDeposited")[0]!
  for (const attempt of of(events, "AvisoDispatchAttempted")) expect(isInsideWindow(calendar, attempt.dispatchedAt)).toBe(true)
  for (const aviso of of(events, "AvisoDelivered")) {
    expect({ inside: isInsideWindow(calendar, aviso.avisoAt), afterDeposit: aviso.avisoAt >= deposit.depositedAt }).toEqual({ inside: true, afterDeposit: true })
    expect({ openUntil: aviso.openUntil, deemableAt: aviso.deemableAt }).toEqual({ openUntil: openUntil(calendar, aviso.avisoAt), deemableAt: deemedAt(calendar, aviso.avisoAt) })
  }
  for (const acuse of of(events, "NotificationOpened")) {
    expect(acuseVerifies(acuse)).toBe(true)
    const certificate = Result.getOrThrow(readCertificate(new Uint8Array(Buffer.from(acuse.certificateDer, "base64"))))
    expect(verifySignature(certificate, acuse.contentSha256, new Uint8Array(Buffer.from(acuse.signature, "base64")))).toBe(true)
  }
  const made = of(events, "NotificationMade")
  const effects = of(events, "NotificationTookEffect")
  expect({ made: made.length <= 1, effects: effects.length }).toEqual({ made: true, effects: made.length })
  if (of(events, "NotificationOpened").length > 0) expect(made.length).toBe(1) // an opening always makes it (or finds it made)
  const expected = expectedMade(events)
  if (made[0] !== undefined) {
    expect(expected).toBeDefined()
    const { basis, madeAt, madeOn, effectiveOn } = expected!
    expect({ basis: made[0].basis, madeAt: made[0].madeAt }).toEqual({ basis, madeAt })
    if (madeOn !== undefined) expect({ madeOn: made[0].madeOn, effectiveOn: effects[0]!.effectiveOn }).toEqual({ madeOn, effectiveOn })
  }
}

/** DOMAIN §2.4 on every mailbox, and the history checks on every notification. */
export const checkInvariants = async (buzon: BuzonClient, rfcs: ReadonlyArray<string>, notificationIds: ReadonlyArray<string>) => {
  for (const rfc of rfcs) {
    const { mailbox } = await buzon.mailbox(rfc)
    if (mailbox.status === "active")
      expect({ emails: verifiedContacts(mailbox, "email").length >= 1, mobiles: verifiedContacts(mailbox, "mobile").length >= 1 }).toEqual({ emails: true, mobiles: true })
  }
  for (const id of notificationIds) checkNotification(await buzon.history(id))
}

/** After a scheduler pass at `t`: what was due is done (DOMAIN §3.2, §3.5; CFF art. 139). */
export const checkLiveness = async (buzon: BuzonClient, notificationIds: ReadonlyArray<string>, t: number) => {
  for (const id of notificationIds) {
    const events = decode(await buzon.history(id))
    const made = of(events, "NotificationMade").length === 1
    const [estrados] = of(events, "ActPublishedInEstrados")
    const [delivered] = of(events, "AvisoDelivered")
    if (estrados !== undefined && estrados.notifiedAt <= t) expect({ id, made }).toEqual({ id, made: true })
    if (delivered !== undefined && delivered.deemableAt <= t) expect({ id, made }).toEqual({ id, made: true })
    if (estrados === undefined && delivered === undefined && !made) {
      const retry = of(events, "AvisoRetryScheduled").at(-1)
      const dueAt = retry?.retryAt ?? of(events, "ActDeposited")[0]!.avisoDueAt
      const lastAttempt = of(events, "AvisoDispatchAttempted").at(-1)
      if (dueAt <= t && isInsideWindow(calendar, t)) expect({ id, attemptedAt: lastAttempt?.dispatchedAt }).toEqual({ id, attemptedAt: t })
    }
  }
}

/** Changes the `n`-th letter or digit of a bundle's JSON to another of its class: still JSON, other bytes. */
const changeOneByte = (bundle: EvidenceBundle, n: number): EvidenceBundle => {
  const text = JSON.stringify(bundle)
  const positions = [...text.matchAll(/[0-9A-Za-z]/g)].map((m) => m.index)
  const at = positions[n % positions.length]!
  const c = text[at]!
  const other = /\d/.test(c) ? String((Number(c) % 9) + 1) : c === "z" ? "a" : c === "Z" ? "A" : String.fromCharCode(c.charCodeAt(0) + 1)
  return JSON.parse(`${text.slice(0, at)}${other}${text.slice(at + 1)}`) as EvidenceBundle
}

/** DOMAIN §8: every notification's evidence bundle verifies offline, and changing any byte breaks it. */
export const checkBundles = async (buzon: BuzonClient, notificationIds: ReadonlyArray<string>, instituteCertificate: Uint8Array, pickByte: (id: string) => number) => {
  for (const id of notificationIds) {
    const bundle = await buzon.evidence(id)
    expect({ id, verdict: verifyBundle(bundle, instituteCertificate) }).toEqual({ id, verdict: { ok: true } })
    const changed = changeOneByte(bundle, pickByte(id))
    expect({ id, ok: verifyBundle(changed, instituteCertificate).ok }).toEqual({ id, ok: false })
  }
}
