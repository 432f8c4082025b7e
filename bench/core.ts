/**
 * `npm run bench -- core`: the application shell's figures, each with a baseline measured in the
 * same run. Prints one JSON line.
 *
 * 1. Commands per second through the whole shell (Buzon service → handleCommand: read, decode,
 *    fold, decide, stamp and hash-chain, append) on the in-memory store: N deposits to an active
 *    mailbox, the aviso pass (DispatchAviso + RecordAvisoOutcomes each, sent through a memory
 *    sender), then half opened with e.firma and half deemed by the scheduler. Baseline: the same
 *    decisions folded and decided in a plain loop, without the shell (no store, no Effect).
 * 2. The scheduler's sweep over 1,000,000 pending notifications: the due-work index fed 1 M
 *    delivered avisos (deemed instants spread over 20 days), then the sweep that selects those due
 *    on one day, and the sweep of all 1 M. Baseline: a naive scan (filter + sort of all pending).
 *    Goal ≤ 5 s. Building the 2 M event values is timed apart from folding them into the index.
 *
 * `BUZON_BENCH_NOTIFICATIONS` (default 2,000) and `BUZON_BENCH_PENDING` (default 1,000,000) scale it.
 */
import { loadavg } from "node:os"
import { Clock, Effect, Layer, Result } from "effect"
import {
  ActDeposited, AvisoDelivered, Buzon, buzonPortsLayer, clockFrom, deemedAt, DepositAct, fold, generateTestCa, generateTestCredential,
  makeCalendar, makeDueWorkIndex, makeMemoryEventStore, makeMemorySender, makeTrustStore, notificationDecider, readCredential,
  seededRandomBytes, sign, MarkDeemed, instituteSealOf,
} from "@buzon/core"
import type { BuzonShape, Identity } from "@buzon/core"

const N = Number(process.env["BUZON_BENCH_NOTIFICATIONS"] ?? 2_000)
const PENDING = Number(process.env["BUZON_BENCH_PENDING"] ?? 1_000_000)
const seconds = (start: number) => (performance.now() - start) / 1000
const round = (x: number, digits = 3) => Number(x.toFixed(digits))
const mx = (local: string) => Date.parse(`${local}:00-06:00`)
const calendar = makeCalendar()

// --- 1. commands per second through the shell -----------------------------------------------
const validity = { notBefore: Date.parse("2025-01-01T00:00:00Z"), notAfter: Date.parse("2028-12-31T00:00:00Z") }
const ca = generateTestCa(validity)
const generated = generateTestCredential({ ca, rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE SA DE CV", ...validity, password: "12345678a" })
const credential = Result.getOrThrow(readCredential(generated.certificate, generated.privateKey, generated.password))
let now = mx("2026-03-09T10:00")
const sender = makeMemorySender(() => now)
const institute = generateTestCredential({ ca, rfc: "IMS421231I45", legalName: "INSTITUTO MEXICANO DEL SEGURO SOCIAL", ...validity, password: "12345678a" })
const instituteSeal = instituteSealOf(Result.getOrThrow(readCredential(institute.certificate, institute.privateKey, institute.password)))
const ports = buzonPortsLayer({ store: makeMemoryEventStore(), calendar, sender, instituteSeal, trust: makeTrustStore([ca.certificate]), randomBytes: seededRandomBytes(7) })
const run = <A, E>(effect: Effect.Effect<A, E, Buzon>): Promise<A> =>
  Effect.runPromise(effect.pipe(Effect.provide(Buzon.layer.pipe(Layer.provide(ports))), Effect.provideService(Clock.Clock, clockFrom(() => now))))

const shell = await run(Effect.gen(function* () {
  const buzon = yield* Buzon
  const { challengeId, nonce } = yield* buzon.challenge()
  const identity = yield* buzon.authenticate({ challengeId, certificate: generated.certificate, signature: sign(credential, nonce) })
  yield* buzon.enroll(identity)
  for (const [kind, address] of [["email", "pagos@kemper.mx"], ["mobile", "5512345678"]] as const) {
    const { contactId } = yield* buzon.addContact(identity, { kind, address })
    yield* buzon.verifyContact(identity, { contactId, code: sender.lastCodeTo(kind === "email" ? address : "+525512345678")! })
  }
  const document = yield* buzon.consentDocument(identity)
  yield* buzon.signConsent(identity, { version: document.version, certificate: generated.certificate, signature: sign(credential, document.cadenaOriginal) })
  return { buzon, identity }
}))
const { buzon, identity }: { buzon: BuzonShape; identity: Identity } = shell
const sha = (i: number) => i.toString(16).padStart(64, "0")
const ids: Array<string> = []
const timed = async (work: () => Promise<number>) => {
  const start = performance.now()
  const commands = await work()
  return { commands, seconds: seconds(start) }
}
now = mx("2026-03-11T08:00")
const deposits = await timed(async () => {
  for (let i = 0; i < N; i++) {
    const r = await Effect.runPromise(buzon.deposit({ idempotencyKey: `B-${i}`, rfc: identity.rfc, actType: "oficio", reference: `OF-${i}`, contentSha256: sha(i), issuingUnit: "Bench" }).pipe(Effect.provideService(Clock.Clock, clockFrom(() => now))))
    ids.push(r.notificationId)
  }
  return N
})
now = mx("2026-03-11T09:30")
const dispatch = await timed(async () => {
  const report = await Effect.runPromise(buzon.runDue(now))
  return report.attempts * 2
})
const signatures = ids.slice(0, N / 2).map((id, i) => ({ id, signature: sign(credential, sha(i)) })) // signing is the patrón's, not the shell's
now = mx("2026-03-12T11:00")
const opens = await timed(async () => {
  for (const { id, signature } of signatures)
    await Effect.runPromise(buzon.open(identity, { notificationId: id, certificate: generated.certificate, signature }).pipe(Effect.provideService(Clock.Clock, clockFrom(() => now))))
  return signatures.length
})
now = mx("2026-03-18T09:30")
const deems = await timed(async () => (await Effect.runPromise(buzon.runDue(now))).deemed)
const shellCommands = deposits.commands + dispatch.commands + opens.commands + deems.commands
const shellSeconds = deposits.seconds + dispatch.seconds + opens.seconds + deems.seconds

// Baseline: the same deposit and deem decisions, folded and decided in a plain loop.
const baselineStart = performance.now()
for (let i = 0; i < N; i++) {
  const ctx = { now: mx("2026-03-11T08:00"), calendar }
  const d = notificationDecider.decide(new DepositAct({ notificationId: `b${i}`, idempotencyKey: `B-${i}`, rfc: identity.rfc, actType: "oficio", reference: `OF-${i}`, contentSha256: sha(i), issuingUnit: "Bench", mailbox: { active: true, verifiedContacts: [{ channel: "email", to: "pagos@kemper.mx" }] } }), notificationDecider.initialState, ctx)
  fold(notificationDecider.evolve, notificationDecider.initialState, d as ReadonlyArray<never>)
  notificationDecider.decide(new MarkDeemed({ notificationId: `b${i}` }), notificationDecider.initialState, ctx)
}
const baselineSeconds = seconds(baselineStart)

// --- 2. the sweep over 1,000,000 pending notifications ----------------------------------------
const versions = { calendarVersion: calendar.version, ruleSetVersion: calendar.ruleSetVersion }
const firstAviso = mx("2026-03-02T09:30")
const avisoDays = Array.from({ length: 20 }, (_, d) => {
  const aviso = firstAviso + d * 86_400_000
  return { aviso, deemable: deemedAt(calendar, aviso) }
})
const index = makeDueWorkIndex()
const naive: Array<{ id: string; dueAt: number }> = []
let constructSeconds = 0
let applySeconds = 0
const CHUNK = 100_000
for (let from = 0; from < PENDING; from += CHUNK) {
  const constructStart = performance.now()
  const events = []
  for (let i = from; i < Math.min(PENDING, from + CHUNK); i++) {
    const notificationId = `n${i}`
    const { aviso, deemable } = avisoDays[i % avisoDays.length]!
    events.push(new ActDeposited({ notificationId, idempotencyKey: `k${i}`, rfc: "EKU9003173C9", actType: "oficio", reference: "r", contentSha256: sha(0), issuingUnit: "u", depositedAt: aviso, avisoDueAt: aviso, ...versions }))
    events.push(new AvisoDelivered({ notificationId, attempt: 1, avisoAt: aviso, addresses: [], openUntil: "", deemableAt: deemable, ...versions }))
    naive.push({ id: notificationId, dueAt: deemable })
  }
  constructSeconds += seconds(constructStart)
  const applyStart = performance.now()
  for (const event of events) index.apply(event)
  applySeconds += seconds(applyStart)
}
// Machine-speed reference measured in the same run: 1 M string-keyed Map.set.
const mapStart = performance.now()
const reference = new Map<string, number>()
for (let i = 0; i < PENDING; i++) reference.set(`m${i}`, i)
const mapSetSeconds = seconds(mapStart)
const sweepAt = avisoDays[0]!.deemable
// Five interleaved rounds, best of each, so that load bursts and GC pauses do not decide the ratio.
let sweepSeconds = Number.POSITIVE_INFINITY
let naiveSeconds = Number.POSITIVE_INFINITY
let fullSweepSeconds = Number.POSITIVE_INFINITY
let idleSeconds = Number.POSITIVE_INFINITY
let naiveIdleSeconds = Number.POSITIVE_INFINITY
let due: ReadonlyArray<{ readonly key: string }> = []
let naiveDue: ReadonlyArray<{ readonly id: string }> = []
let all: ReadonlyArray<{ readonly key: string }> = []
for (let r = 0; r < 5; r++) {
  const sweepStart = performance.now()
  due = index.deemed.due(sweepAt)
  sweepSeconds = Math.min(sweepSeconds, seconds(sweepStart))
  const naiveStart = performance.now()
  naiveDue = naive.filter((p) => p.dueAt <= sweepAt).sort((a, b) => a.dueAt - b.dueAt)
  naiveSeconds = Math.min(naiveSeconds, seconds(naiveStart))
  // The scheduler's usual pass (every minute): nothing due yet, among 1 M pending.
  const idleStart = performance.now()
  if (index.deemed.due(sweepAt - 1).length !== 0) throw new Error("nothing should be due")
  idleSeconds = Math.min(idleSeconds, seconds(idleStart))
  const naiveIdleStart = performance.now()
  if (naive.filter((p) => p.dueAt <= sweepAt - 1).length !== 0) throw new Error("nothing should be due")
  naiveIdleSeconds = Math.min(naiveIdleSeconds, seconds(naiveIdleStart))
  const fullStart = performance.now()
  all = index.deemed.due(Number.MAX_SAFE_INTEGER)
  fullSweepSeconds = Math.min(fullSweepSeconds, seconds(fullStart))
}
if (naiveDue.length !== due.length) throw new Error(`sweep disagrees with the naive scan: ${due.length} vs ${naiveDue.length}`)

console.log(JSON.stringify({
  bench: "core",
  loadAverage: round(loadavg()[0]!, 2), // the machine is shared: read the figures with it
  shell: {
    notifications: N,
    commands: shellCommands,
    commandsPerSecond: round(shellCommands / shellSeconds, 0),
    byKind: {
      deposit: round(deposits.commands / deposits.seconds, 0),
      dispatch: round(dispatch.commands / dispatch.seconds, 0),
      open: round(opens.commands / opens.seconds, 0),
      deem: round(deems.commands / deems.seconds, 0),
    },
    baselineDecisionsPerSecond: round((2 * N) / baselineSeconds, 0),
    shellVsBareDecider: round(shellCommands / shellSeconds / ((2 * N) / baselineSeconds)),
  },
  sweep: {
    pending: PENDING,
    eventsConstructSeconds: round(constructSeconds),
    indexApplySeconds: round(applySeconds),
    referenceMapSetSeconds: round(mapSetSeconds),
    dueOnOneDay: due.length,
    sweepSeconds: round(sweepSeconds),
    naiveScanSeconds: round(naiveSeconds),
    speedupVsNaive: round(naiveSeconds / sweepSeconds, 1),
    idlePassSeconds: round(idleSeconds, 6),
    naiveIdlePassSeconds: round(naiveIdleSeconds, 6),
    idleSpeedupVsNaive: round(naiveIdleSeconds / idleSeconds, 0),
    sweepAllPendingSeconds: round(fullSweepSeconds),
    allPending: all.length,
    goalSeconds: 5,
    meetsGoal: fullSweepSeconds <= 5,
  },
}))
