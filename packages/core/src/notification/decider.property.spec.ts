import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fold, isEvents } from "../app/decider.js"
import type { DecideContext } from "../app/decider.js"
import { acuseVerifies, buildBundle, verifyBundle } from "../evidence/bundle.js"
import { linkEvents } from "../evidence/hashChain.js"
import { instituteSealOf } from "../evidence/seal.js"
import type { RecordedEvent } from "../eventstore/EventStore.js"
import { timeline } from "../timing/timeline.js"
import { avisoAt, isInsideWindow } from "../timing/window.js"
import { auditNotifications } from "./audit.js"
import { DispatchAviso, RecordAvisoOutcomes } from "./commands.js"
import type { NotificationCommand } from "./commands.js"
import { notificationCodec, notificationDecider } from "./decider.js"
import type { NotificationEvent } from "./events.js"
import { dayOf } from "../calendar/calendar.js"
import { cff2026, contacts, deposit, dispatch, fiel, historyOf, institute, markDeemed, mx, N1, open, sentAll } from "./specFixtures.js"

/** What the random walk may do at each step; times advance between steps. */
type Intent =
  | { readonly kind: "dispatch"; readonly targets: number }
  | { readonly kind: "outcome"; readonly sent: ReadonlyArray<boolean>; readonly retryable: boolean; readonly attemptShift: number }
  | { readonly kind: "open"; readonly who: "addressee" | "representative" | "stranger" }
  | { readonly kind: "deem" }
  | { readonly kind: "redeposit" }

const intent: fc.Arbitrary<Intent> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("dispatch" as const), targets: fc.constantFrom(2, 2, 2, 2, 2, 2, 2, 2, 1, 0) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("outcome" as const), sent: fc.constantFrom([true, true], [true, false], [false, true], [false, false]), retryable: fc.boolean(), attemptShift: fc.constantFrom(0, 0, 0, 0, 0, 0, -1, 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("open" as const), who: fc.constantFrom("addressee" as const, "representative" as const, "stranger" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("deem" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("redeposit" as const) }) },
)
/**
 * How time moves before a step: a few minutes; to the next window opening plus up to 8.5 hours (so
 * mostly inside a window, sometimes at or past 18:00); or whole days to a random minute of the day.
 */
type Move = { readonly kind: "minutes"; readonly n: number } | { readonly kind: "window"; readonly plus: number } | { readonly kind: "days"; readonly n: number; readonly minute: number }
const move: fc.Arbitrary<Move> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("minutes" as const), n: fc.integer({ min: 0, max: 120 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("window" as const), plus: fc.integer({ min: 0, max: 510 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("days" as const), n: fc.integer({ min: 1, max: 16 }), minute: fc.integer({ min: 0, max: 1439 }) }) },
)
const moved = (now: number, m: Move): number => {
  if (m.kind === "minutes") return now + m.n * 60_000
  if (m.kind === "window") return avisoAt(cff2026, now + 60_000) + m.plus * 60_000
  const midnight = mx(`${dayOf(cff2026, now + m.n * 86_400_000)}T00:00`) // Mexico City is UTC−6 all year
  return Math.max(now, midnight + m.minute * 60_000)
}
const walk = fc.record({
  start: fc.integer({ min: mx("2026-03-01T00:00"), max: mx("2026-12-01T00:00") }),
  active: fc.constantFrom(true, true, true, true, true, false), // mostly active; estrados when not
  steps: fc.array(fc.tuple(intent, move), { minLength: 3, maxLength: 24 }),
})

const commandOf = (i: Intent, state: ReturnType<typeof foldAll>): NotificationCommand => {
  switch (i.kind) {
    case "dispatch": return new DispatchAviso({ notificationId: N1, targets: contacts.slice(0, i.targets) })
    case "outcome": {
      const attempt = (state.status === "empty" ? 0 : state.attempts) + i.attemptShift
      return new RecordAvisoOutcomes({ notificationId: N1, attempt, outcomes: contacts.map((c, k) => (i.sent[k]
        ? { ...c, sent: true as const, providerId: `p-${attempt}-${k}`, acceptedAt: 0 }
        : { ...c, sent: false as const, reason: "timeout", retryable: i.retryable })) })
    }
    case "open": return open(fiel[i.who])
    case "deem": return markDeemed
    case "redeposit": return deposit()
  }
}
const foldAll = (events: ReadonlyArray<NotificationEvent>) => fold(notificationDecider.evolve, notificationDecider.initialState, events)

interface Run { readonly events: Array<NotificationEvent>; readonly recordedAt: Array<number> }

const run = (w: { readonly start: number; readonly active: boolean; readonly steps: ReadonlyArray<readonly [Intent, Move]> }, check: (r: Run, ctx: DecideContext) => void): Run => {
  const r: Run = { events: [], recordedAt: [] }
  let now = w.start
  const append = (events: ReadonlyArray<NotificationEvent>, at: number) => { r.events.push(...events); r.recordedAt.push(...events.map(() => at)) }
  append(notificationDecider.decide(deposit({ mailbox: { active: w.active, verifiedContacts: contacts } }), foldAll([]), { now, calendar: cff2026 }) as Array<NotificationEvent>, now)
  for (const [i, m] of w.steps) {
    now = moved(now, m)
    const ctx = { now, calendar: cff2026 }
    const state = foldAll(r.events)
    const command = commandOf(i, state)
    const decision = notificationDecider.decide(command, state, ctx)
    if (!isEvents(decision)) continue
    append(decision, now)
    // Equinox: once a command's events are folded in, the same command decides nothing.
    if (decision.length > 0) expect(notificationDecider.decide(command, foldAll(r.events), ctx)).toEqual([])
    check(r, ctx)
  }
  return r
}

const recorded = (r: Run): Array<RecordedEvent> =>
  linkEvents(undefined, `notification-${N1}`, 1, r.events.map((e) => ({ ...notificationCodec.encode(e), metadata: {} })))
    .map((e, i) => ({ ...e, streamName: `notification-${N1}`, version: i + 1, position: i + 1, recordedAt: r.recordedAt[i]! }))

const invariants = (r: Run): void => {
  const { events } = r
  const made = events.filter((e) => e._tag === "NotificationMade")
  const effects = events.filter((e) => e._tag === "NotificationTookEffect")
  expect(made.length).toBeLessThanOrEqual(1) // made at most once
  expect(effects.length).toBe(made.length) // and takes effect exactly when made
  for (const e of events) {
    if (e._tag === "AvisoDispatchAttempted") expect(isInsideWindow(cff2026, e.dispatchedAt)).toBe(true) // no aviso outside a window
    if (e._tag === "AvisoDelivered") expect(isInsideWindow(cff2026, e.avisoAt)).toBe(true)
    if (e._tag === "NotificationOpened") expect(acuseVerifies(e)).toBe(true) // every acuse verifies
  }
  const m = made[0]
  if (m === undefined) return
  const firstOpening = events.find((e) => e._tag === "NotificationOpened")
  const aviso = events.find((e) => e._tag === "AvisoDelivered")
  if (m.basis === "opened") expect(m.madeAt).toBeGreaterThanOrEqual(firstOpening!.authenticatedAt) // never before the opening
  if (aviso !== undefined && m.basis !== "estrados") expect(m.madeAt).toBeLessThanOrEqual(aviso.deemableAt) // nor after the deemed instant
  expect(auditNotifications(recorded(r), cff2026)).toEqual([])
}

/** timeline() is an independent oracle when the aviso went out at its due time or the act was opened before any aviso. */
const oracle = (r: Run): void => {
  const deposited = r.events[0]
  const made = r.events.find((e) => e._tag === "NotificationMade")
  if (deposited?._tag !== "ActDeposited" || made === undefined || made.basis === "estrados") return
  const openedIndex = r.events.findIndex((e) => e._tag === "NotificationOpened")
  const avisoIndex = r.events.findIndex((e) => e._tag === "AvisoDelivered")
  const aviso = r.events[avisoIndex]
  const openedFirst = openedIndex >= 0 && (avisoIndex < 0 || openedIndex < avisoIndex)
  const onTime = aviso?._tag === "AvisoDelivered" && aviso.avisoAt === avisoAt(cff2026, deposited.depositedAt)
  if (!openedFirst && !onTime) return
  const opening = r.events[openedIndex]
  const expected = timeline({ deposited: deposited.depositedAt, calendar: cff2026, ...(opening?._tag === "NotificationOpened" ? { opened: opening.authenticatedAt } : {}) })
  // Opened before any aviso: no deemed instant applies yet, so timeline()'s hypothetical cap does not either.
  if (!onTime && expected.basis !== "opened") return
  expect({ basis: made.basis, madeAt: made.madeAt, madeOn: made.madeOn }).toEqual({ basis: expected.basis, madeAt: expected.madeAt, madeOn: expected.madeOn })
  const effect = r.events.find((e) => e._tag === "NotificationTookEffect")
  expect(effect?._tag === "NotificationTookEffect" && effect.effectiveOn).toBe(expected.effectiveOn)
}

describe("notification decider properties (seeded random walks of commands and times)", () => {
  it("idempotent decisions; made at most once; madeAt within [opening, deemed]; no aviso outside a window; every acuse verifies; the audit finds nothing", () =>
    fc.assert(fc.property(walk, (w) => { run(w, (r) => invariants(r)) }), { seed: 20260311, numRuns: 150 }))

  it("made exactly when DOMAIN §3 says: agrees with timeline() wherever it applies", () =>
    fc.assert(fc.property(walk, (w) => { oracle(run(w, () => undefined)) }), { seed: 4, numRuns: 300 }))

  it("an opening at any instant after an on-time aviso: made as timeline() says, never before the opening nor after the deemed instant", () =>
    fc.assert(fc.property(
      fc.integer({ min: mx("2026-03-01T00:00"), max: mx("2026-12-01T00:00") }), fc.integer({ min: 0, max: 9 * 86_400_000 }),
      (deposited, after) => {
        const aviso = avisoAt(cff2026, deposited)
        const history = historyOf(
          [deposit(), { now: deposited, calendar: cff2026 }], [dispatch, { now: aviso, calendar: cff2026 }],
          [sentAll(1, aviso), { now: aviso, calendar: cff2026 }],
        )
        const openedAt = aviso + after
        const events = notificationDecider.decide(open(), foldAll(history), { now: openedAt, calendar: cff2026 }) as ReadonlyArray<NotificationEvent>
        const made = events.find((e) => e._tag === "NotificationMade")
        const expected = timeline({ deposited, opened: openedAt, calendar: cff2026 })
        expect(made?._tag === "NotificationMade" && { basis: made.basis, madeAt: made.madeAt }).toEqual({ basis: expected.basis, madeAt: expected.madeAt })
        if (made?._tag === "NotificationMade" && made.basis === "opened") expect(made.madeAt).toBeGreaterThanOrEqual(openedAt)
        expect(made?._tag === "NotificationMade" && made.madeAt).toBeLessThanOrEqual(expected.deemedAt)
      },
    ), { seed: 311, numRuns: 400 }))

  it("every bundle of a random history verifies", () => {
    const seal = instituteSealOf(institute)
    fc.assert(fc.property(walk, (w) => {
      const r = run(w, () => undefined)
      expect(verifyBundle(buildBundle(recorded(r), seal), institute.certificate.der)).toEqual({ ok: true })
    }), { seed: 9, numRuns: 30 })
  })
})
