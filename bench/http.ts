/**
 * `npm run bench -- http`: requests per second and p99 latency of the HTTP API (autocannon over
 * loopback) for the inbox read and for deposits, beside a plain express hello-world measured in the
 * same run and the same process, in windows on either side of each target (see "The machine is
 * shared" below). The load comes from autocannon in a child process (`httpLoad.ts`),
 * so the server's thread only serves and the load generator's own work is not counted in its share.
 * The API runs as `npm start` does (SQLite in WAL, the default `durability: "full"` on the event
 * loop: appends made in the same turn share one transaction, whose COMMIT syncs the WAL before anyone
 * is answered; the outbox sender), and again over the in-memory store, which separates the HTTP
 * layer and the core from the disk's fsync. Goals: inbox ≥ 50% of hello-world, deposits ≥ 25%.
 * Then, without a goal, inbox reads and deposits at once on the SQLite API (`sqliteMixed`).
 * Prints one JSON line.
 *
 * Every target is first loaded for one second, discarded (JIT warm-up).
 * `BUZON_BENCH_SQLITE_DURABILITY=grouped` runs the SQLite API with that durability instead, and
 * `BUZON_BENCH_SQLITE_WRITER=thread` with its COMMITs in a writer thread (`BUZON_SQLITE_WRITER` of `npm start`).
 * `BUZON_BENCH_SECONDS` (default 2) sets each measurement's duration, `BUZON_BENCH_ROUNDS` (5) the
 * interleaved rounds (about two minutes in all by default), `BUZON_BENCH_CONNECTIONS` (10) the load.
 */
import { mkdtempSync, rmSync } from "node:fs"
import type { Server } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Effect, Result } from "effect"
import express from "express"
import { createBuzon, generateTestCa, generateTestCredential, instituteSealOf, makeCalendar, makeMemoryEventStore, makeTrustStore, readCredential, readPrivateKey, sign } from "@buzon/core"
import type { EventStoreShape } from "@buzon/core"
import { makeOutboxSender, openSqliteEventStore } from "@buzon/adapters"
import { createHttpApp } from "@buzon/http"
import type { Load } from "./httpLoad.js"


const SECONDS = Number(process.env["BUZON_BENCH_SECONDS"] ?? 2)
const CONNECTIONS = Number(process.env["BUZON_BENCH_CONNECTIONS"] ?? 10)
const OPERATOR = "bench-operator-token-0123456789"
const RFC = "KEM900101AB1" // its inbox is read: 20 notifications
const DEPOSIT_RFC = "CACX7605101P8" // deposits go here, so the inbox read stays the same size across rounds
const SHA = "3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7"
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

const listen = (app: express.Express): Promise<{ readonly url: string; readonly server: Server }> =>
  new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server }))
  })

const measure = (url: string, request: Pick<Load, "path" | "headers" | "deposit">, seconds = SECONDS) =>
  new Promise<{ requestsPerSecond: number; p99Ms: number; non2xx: number; errors: number }>((resolve, reject) => {
    const load: Load = { url, connections: CONNECTIONS, seconds, ...request }
    const child = fork(fileURLToPath(new URL("./httpLoad.js", import.meta.url)), [JSON.stringify(load)])
    child.once("message", (figures: { requestsPerSecond: number; p99Ms: number; non2xx: number; errors: number; sent: number }) => {
      sequence += figures.sent
      resolve({ requestsPerSecond: round(figures.requestsPerSecond), p99Ms: figures.p99Ms, non2xx: figures.non2xx, errors: figures.errors })
    })
    child.once("error", reject)
    child.once("exit", (code) => code === 0 || reject(new Error(`the load generator exited with ${code}`)))
  })

// --- the API over a store, with one active mailbox holding 20 notifications ---------------
const dir = mkdtempSync(join(tmpdir(), "buzon-bench-http-"))
const now = Date.parse("2026-11-30T16:00:00Z") // Mon 10:00 in Mexico City: inside the notification window
const validity = { notBefore: now - 86_400_000, notAfter: now + 365 * 86_400_000 }
const ca = generateTestCa(validity)
const employers = [
  generateTestCredential({ ca, rfc: RFC, legalName: "DEMO KEMPER SA DE CV", representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" }, ...validity, password: "p" }),
  generateTestCredential({ ca, rfc: DEPOSIT_RFC, legalName: "XOCHILT CASAS CHAVEZ", curp: "CACX760510MGTSHC04", ...validity, password: "p" }),
].map((fiel) => {
  const key = readPrivateKey(fiel.privateKey, fiel.password)
  if (Result.isFailure(key)) throw new Error(key.failure.message)
  return { certificate: fiel.certificate, key: key.success }
})
const imss = generateTestCredential({ ca, rfc: "IMS421231I45", legalName: "INSTITUTO MEXICANO DEL SEGURO SOCIAL", representative: { rfc: "DEMO800101AB1", curp: "DEMO800101HDFXXX01" }, ...validity, password: "p" })
const instituteCredential = readCredential(imss.certificate, imss.privateKey, imss.password)
if (Result.isFailure(instituteCredential)) throw new Error(instituteCredential.failure.message)
const institute = instituteCredential.success
const calendar = makeCalendar()

const startApi = async (store: EventStoreShape) => {
  const outbox = makeOutboxSender({ now: () => now })
  const buzon = createBuzon({ store, calendar, sender: outbox, instituteSeal: instituteSealOf(institute), trust: makeTrustStore([ca.certificate]), clock: () => now })
  for (const fiel of employers) {
    const challenge = await buzon.challenge()
    const { identity } = await buzon.enroll({ challengeId: challenge.challengeId, certificate: fiel.certificate, signature: sign(fiel.key, challenge.nonce) })
    for (const [kind, address] of [["email", "pagos@kemper.mx"], ["mobile", "+525512345678"]] as const) {
      const { contactId } = await buzon.addContact(identity, { kind, address })
      const code = outbox.messages().at(-1)!.body.match(/\b([0-9]{6})\b/)![1]!
      await buzon.verifyContact(identity, { contactId, code })
    }
    const consent = await buzon.consentDocument(identity)
    await buzon.signConsent(identity, { version: consent.version, certificate: fiel.certificate, signature: sign(fiel.key, consent.cadenaOriginal) })
  }
  for (let i = 0; i < 20; i++) await buzon.deposit({ idempotencyKey: `seed-${i}`, rfc: RFC, actType: "oficio", reference: `OF-${i}`, contentSha256: SHA, issuingUnit: "IMSS" })
  await buzon.runDue()
  const api = await listen(createHttpApp({ buzon, calendar, now: () => now, operatorToken: OPERATOR }))
  return { ...api, close: async () => { await new Promise<void>((resolve) => api.server.close(() => resolve())); await buzon.close() } }
}

// --- the baseline: a plain express hello-world --------------------------------------------------
const hello = express()
hello.get("/", (_req, res) => { res.json({ hello: "world" }) })
const baseline = await listen(hello)

// BUZON_BENCH_HTTP_ONLY=inbox|deposits measures one route alone, BUZON_BENCH_HTTP_STORE=sqlite|memory one store
// alone (for profiling); skipped measurements read as 1 req/s, and a skipped baseline makes the ratios meaningless.
const only = process.env["BUZON_BENCH_HTTP_ONLY"]
const onlyStore = process.env["BUZON_BENCH_HTTP_STORE"]
const skipped = { requestsPerSecond: 1, p99Ms: 0, non2xx: 0, errors: 0 }
let sequence = 0
let roundNumber = 0
// The measured requests, the same in the warm-up and in every round.
const helloRequest: Pick<Load, "path" | "headers"> = { path: "/", headers: {} }
const inboxRequest: Pick<Load, "path" | "headers"> = { path: `/mailboxes/${RFC}/notifications`, headers: { authorization: `Bearer ${OPERATOR}` } }
const depositRequest = (keyPrefix: string): Pick<Load, "path" | "headers" | "deposit"> =>
  ({ path: "/notifications", headers: { authorization: `Bearer ${OPERATOR}` }, deposit: { rfc: DEPOSIT_RFC, sha256: SHA, keyPrefix } })

// The machine is shared: its speed moves from second to second (consecutive 2-s hello-world windows
// differed by up to a fifth here), and for the first tens of seconds of load it climbs. So every
// target is measured between two hello-world windows, and its ratio in a round is to the mean of
// those two: the baseline is taken at the same moment as the target, not seconds earlier. Per
// target, the figures are the median round, and each ratio the median of its per-round ratios.
const ROUNDS = Number(process.env["BUZON_BENCH_ROUNDS"] ?? 5)
// as npm start runs it (BUZON_SQLITE_DURABILITY there), "full" unless BUZON_BENCH_SQLITE_DURABILITY=grouped
const DURABILITY = process.env["BUZON_BENCH_SQLITE_DURABILITY"] === "grouped" ? "grouped" : "full"
const WRITER = process.env["BUZON_BENCH_SQLITE_WRITER"] === "thread" ? "thread" : "event-loop"
const sqliteHandle = await Effect.runPromise(openSqliteEventStore({ path: join(dir, "buzon.db"), durability: DURABILITY, writer: WRITER }))
const sqliteApi = await startApi(sqliteHandle.store)
const memoryApi = await startApi(makeMemoryEventStore())
type Figures = Awaited<ReturnType<typeof measure>>

/** One target with a goal: a route of one API, measured once per round between two hello-world windows. */
interface Target {
  readonly store: "sqlite" | "memory"
  readonly route: "inbox" | "deposits"
  readonly url: string
}
const targets: ReadonlyArray<Target> = ([
  { store: "sqlite", route: "inbox", url: sqliteApi.url },
  { store: "sqlite", route: "deposits", url: sqliteApi.url },
  { store: "memory", route: "inbox", url: memoryApi.url },
  { store: "memory", route: "deposits", url: memoryApi.url },
] as const).filter((t) => (only === undefined || only === t.route) && (onlyStore === undefined || onlyStore === t.store))
const requestOf = (target: Target, keyPrefix: string) => target.route === "inbox" ? inboxRequest : depositRequest(keyPrefix)

// Warm-up, discarded: one second on every target first, so no round measures a route before the JIT
// has compiled it (the first hello-world used to run at half speed and flatter every ratio of its round).
await measure(baseline.url, helloRequest, 1)
for (const target of targets) await measure(target.url, requestOf(target, `warm-${target.store}`), 1)

// Inbox reads while deposits run, at once on the SQLite API (each with the same connections): what employers
// reading their inboxes see while the institute deposits a batch. No goal of the issue; it tells the writers
// apart, since a COMMIT on the event loop holds the reads too.
type Pair = { readonly inbox: Figures; readonly deposits: Figures }
const mixed = async (url: string): Promise<Pair> => {
  if (only !== undefined || (onlyStore !== undefined && onlyStore !== "sqlite")) return { inbox: skipped, deposits: skipped }
  const [deposits, inbox] = await Promise.all([measure(url, depositRequest(`mixed-${(roundNumber += 1)}`)), measure(url, inboxRequest)])
  return { deposits, inbox }
}
// Per target, one entry a round: its figures and its ratio to the hello-world windows around it.
const measured = new Map(targets.map((target) => [target, [] as Array<{ readonly figures: Figures; readonly ratio: number }>]))
const helloWindows: Array<Figures> = []
const mixedRounds: Array<Pair> = []
const measureHello = async () => {
  const figures = only === undefined ? await measure(baseline.url, helloRequest) : skipped
  helloWindows.push(figures)
  return figures
}
for (let r = 0; r < ROUNDS; r++) {
  let before = await measureHello()
  for (const target of targets) {
    const figures = await measure(target.url, requestOf(target, `bench-${target.store}-${(roundNumber += 1)}`))
    const after = await measureHello()
    measured.get(target)!.push({ figures, ratio: figures.requestsPerSecond / ((before.requestsPerSecond + after.requestsPerSecond) / 2) })
    before = after
  }
  mixedRounds.push(await mixed(sqliteApi.url))
}
await sqliteApi.close()
sqliteHandle.close()
await memoryApi.close()
await new Promise<void>((resolve) => baseline.server.close(() => resolve()))
rmSync(dir, { recursive: true, force: true })

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const figuresOf = (figures: ReadonlyArray<Figures>) => ({
  requestsPerSecond: median(figures.map((f) => f.requestsPerSecond)), p99Ms: median(figures.map((f) => f.p99Ms)),
  non2xx: figures.reduce((n, f) => n + f.non2xx, 0), errors: figures.reduce((n, f) => n + f.errors, 0),
})
const summary = (store: Target["store"], route: Target["route"], goal: number) => {
  const target = targets.find((t) => t.store === store && t.route === route)
  if (target === undefined) return { skipped: true, goal } // BUZON_BENCH_HTTP_ONLY / _STORE left it out
  const per = measured.get(target)!
  const ratio = round(median(per.map((m) => m.ratio)), 3)
  // every round's ratio too: one round differs from the next by up to a fifth either way here
  return { ...figuresOf(per.map((m) => m.figures)), ratio, goal, met: ratio >= goal, perRound: per.map((m) => round(m.ratio, 3)) }
}
console.log(JSON.stringify({
  bench: "http", seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, inboxSize: 20, helloWorld: figuresOf(helloWindows),
  sqlite: { store: `SQLite, WAL, durability "${DURABILITY}", writer "${WRITER}"${DURABILITY === "full" ? ": appends of the same turn share one transaction and its COMMIT's fsync" : ": one WAL fsync per group, off the event loop"}, before answering`, inbox: summary("sqlite", "inbox", 0.5), deposits: summary("sqlite", "deposits", 0.25) },
  sqliteMixed: { what: "the SQLite API with inbox reads and deposits at once (no goal)", inbox: figuresOf(mixedRounds.map((r) => r.inbox)), deposits: figuresOf(mixedRounds.map((r) => r.deposits)) },
  memory: { store: "in-memory (the HTTP layer and the core without disk)", inbox: summary("memory", "inbox", 0.5), deposits: summary("memory", "deposits", 0.25) },
  depositsRecorded: sequence,
}))
