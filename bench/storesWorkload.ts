/**
 * The store benchmark's workload, shared with `test/stores/rebuild.spec.ts`: a monthly emission of
 * notifications as the store receives it. Every notification stream gets an `ActDeposited`; every
 * 4th also an `AvisoDelivered` (unless `avisos: false`), so 800,000 notifications make 1,000,000 events. Each event carries
 * the stream's hash chain (the core's `linkEvents`). Deterministic: the same `from` gives the same events.
 */
import { linkEvents } from "@buzon/core"
import type { NewEvent, StreamAppend } from "@buzon/core"

const BASE = Date.UTC(2026, 2, 2, 15, 0) // 2026-03-02 09:00 in Mexico City
const MAILBOXES = 10_000

// What repeats is built once: a million events share these strings and records (the store writes
// each event as its own JSON text, so sharing them changes nothing stored).
const RFCS = Array.from({ length: MAILBOXES }, (_, m) => `BZN${String(260_000 + m).padStart(6, "0")}${String.fromCharCode(65 + (m % 26))}${m % 10}A`)
const ADDRESSES = Array.from({ length: MAILBOXES }, (_, m) => [{ channel: "email", to: `buzon${m}@example.mx` }])
const HASHES = Array.from({ length: 16 }, (_, h) => h.toString(16).repeat(64))
const EMISSION = { kind: "system", name: "emission" }
const SCHEDULER = { kind: "system", name: "scheduler" }

/** The RFC of the mailbox notification `i` goes to: 10,000 mailboxes, 12 characters (persona moral shape). */
export const rfcOf = (i: number): string => RFCS[i % MAILBOXES]!

const deposited = (n: number): NewEvent => ({
  type: "ActDeposited",
  data: {
    notificationId: `n${n}`,
    idempotencyKey: `IMSS-2026-${n}`,
    rfc: RFCS[n % MAILBOXES]!,
    actType: n % 5 === 0 ? "cedula-de-liquidacion" : "oficio",
    reference: `Oficio ${n}/2026 — Subdelegación Ñuñoa`,
    contentSha256: HASHES[n % 16]!,
    issuingUnit: "Subdelegación 09 Centro",
    depositedAt: BASE + n * 37,
    avisoDueAt: BASE + n * 37 + 1_800_000,
    calendarVersion: "cff-2026.1",
    ruleSetVersion: "2026.1",
  },
  metadata: { commandId: `deposit-${n}`, actor: EMISSION },
})

const delivered = (n: number): NewEvent => ({
  type: "AvisoDelivered",
  data: {
    notificationId: `n${n}`,
    attempt: 1,
    avisoAt: BASE + n * 37 + 1_800_000,
    addresses: ADDRESSES[n % MAILBOXES]!,
    openUntil: "2026-03-05",
    deemableAt: BASE + 3 * 86_400_000 + 30 * 60_000,
    calendarVersion: "cff-2026.1",
    ruleSetVersion: "2026.1",
  },
  metadata: { commandId: `aviso-${n}`, actor: SCHEDULER },
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
): Array<StreamAppend> => {
  const appends = new Array<StreamAppend>(count)
  for (let k = 0; k < count; k++) {
    const n = from + k
    const streamName = `notification-n${n}`
    const events = n % 4 === 0 && options.avisos !== false ? [deposited(n), delivered(n)] : [deposited(n)]
    appends[k] = { streamName, expectedVersion: 0, events: options.chained === false ? events : linkEvents(undefined, streamName, 1, events) }
  }
  return appends
}

/** How many notifications make `events` events (a multiple of 5 events: 4 notifications per 5). */
export const notificationsFor = (events: number): number => (events / 5) * 4
