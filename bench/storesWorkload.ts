/**
 * The store benchmark's workload, shared with `test/stores/rebuild.spec.ts`: a monthly emission of
 * notifications as the store receives it. Every notification stream gets an `ActDeposited`; every
 * 4th also an `AvisoDelivered` (unless `avisos: false`), so 800,000 notifications make 1,000,000 events. Each event carries
 * the stream's hash chain (the core's `linkEvents`). Deterministic: the same `from` gives the same events.
 */
import { linkEvents } from "@buzon/core"
import type { NewEvent, StreamAppend } from "@buzon/core"

const BASE = Date.UTC(2026, 2, 2, 15, 0) // 2026-03-02 09:00 in Mexico City
const VERSIONS = { calendarVersion: "cff-2026.1", ruleSetVersion: "2026.1" }

/** The RFC of the mailbox notification `i` goes to: 10,000 mailboxes, 12 characters (persona moral shape). */
export const rfcOf = (i: number): string => {
  const m = i % 10_000
  return `BZN${String(260_000 + m).padStart(6, "0")}${String.fromCharCode(65 + (m % 26))}${m % 10}A`
}

const deposited = (n: number): NewEvent => ({
  type: "ActDeposited",
  data: {
    notificationId: `n${n}`,
    idempotencyKey: `IMSS-2026-${n}`,
    rfc: rfcOf(n),
    actType: n % 5 === 0 ? "cedula-de-liquidacion" : "oficio",
    reference: `Oficio ${n}/2026 — Subdelegación Ñuñoa`,
    contentSha256: (n % 16).toString(16).repeat(64),
    issuingUnit: "Subdelegación 09 Centro",
    depositedAt: BASE + n * 37,
    avisoDueAt: BASE + n * 37 + 1_800_000,
    ...VERSIONS,
  },
  metadata: { commandId: `deposit-${n}`, actor: { kind: "system", name: "emission" } },
})

const delivered = (n: number): NewEvent => ({
  type: "AvisoDelivered",
  data: {
    notificationId: `n${n}`,
    attempt: 1,
    avisoAt: BASE + n * 37 + 1_800_000,
    addresses: [{ channel: "email", to: `buzon${n % 10_000}@example.mx` }],
    openUntil: "2026-03-05",
    deemableAt: BASE + 3 * 86_400_000 + 30 * 60_000,
    ...VERSIONS,
  },
  metadata: { commandId: `aviso-${n}`, actor: { kind: "system", name: "scheduler" } },
})

/** How many events notifications `[from, from + count)` make. */
export const eventsOf = (from: number, count: number): number => count + Math.floor((from + count + 3) / 4) - Math.floor((from + 3) / 4)

/**
 * The appends of notifications `[from, from + count)`: one new stream each, hash-chained unless
 * `chained` is false (the chain costs a canonical JSON and a SHA-256 per event). With `avisos: false`
 * only the deposits (one event per notification), as a monthly emission arrives.
 */
export const emission = (
  from: number,
  count: number,
  options: { readonly chained?: boolean; readonly avisos?: boolean } = {},
): Array<StreamAppend> =>
  Array.from({ length: count }, (_, k) => {
    const n = from + k
    const streamName = `notification-n${n}`
    const events = n % 4 === 0 && options.avisos !== false ? [deposited(n), delivered(n)] : [deposited(n)]
    return { streamName, expectedVersion: 0, events: options.chained === false ? events : linkEvents(undefined, streamName, 1, events) }
  })

/** How many notifications make `events` events (a multiple of 5 events: 4 notifications per 5). */
export const notificationsFor = (events: number): number => (events / 5) * 4
