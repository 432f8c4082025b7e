// The same Promise facade over SQLite (`@buzon/adapters`), in a temporary file that outlives the
// process that wrote it: one "process" deposits an act for an RFC without a mailbox (it goes to
// estrados, CFF art. 139), a second one opens the same file, finds the act, and deems it on the 11th day.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Result } from "effect"
import {
  createBuzon, generateTestCa, generateTestCredential, instituteSealOf, makeCalendar, makeMemorySender, makeTrustStore,
  readCredential, verifyBundle,
} from "@buzon/core"
import { openSqliteEventStore } from "@buzon/adapters"

const local = (ms: number) => new Date(ms).toLocaleString("sv-SE", { timeZone: "America/Mexico_City" }).slice(0, 16)
const validity = { notBefore: Date.parse("2025-01-01T00:00:00Z"), notAfter: Date.parse("2028-12-31T00:00:00Z") }
const ca = generateTestCa(validity)
const seal = generateTestCredential({ ca, rfc: "IMS421231I45", legalName: "INSTITUTO MEXICANO DEL SEGURO SOCIAL", password: "12345678a", ...validity })
const instituteSeal = instituteSealOf(Result.getOrThrow(readCredential(seal.certificate, seal.privateKey, seal.password)))
const dir = mkdtempSync(join(tmpdir(), "buzon-sqlite-"))
const path = join(dir, "buzon.db")

// #region store
/** One "process": the file opened, a facade over it at a fixed instant, the file closed at the end. */
const session = async <A>(now: number, work: (buzon: ReturnType<typeof createBuzon>) => Promise<A>): Promise<A> => {
  const handle = await Effect.runPromise(openSqliteEventStore({ path }))
  const buzon = createBuzon({
    store: handle.store, calendar: makeCalendar(), sender: makeMemorySender(() => now), instituteSeal,
    trust: makeTrustStore([ca.certificate]), clock: () => now,
  })
  try {
    return await work(buzon)
  } finally {
    await buzon.close()
    handle.close()
  }
}
// #endregion store

try {
  const deposited = await session(Date.parse("2026-03-11T10:00:00-06:00"), (buzon) =>
    buzon.deposit({ idempotencyKey: "IMSS-2026-7", rfc: "CACX7605101P8", actType: "cedula-de-liquidacion", reference: "CED-7",
      contentSha256: "7".repeat(64), issuingUnit: "Subdelegación Centro" }))
  const estrados = deposited.events.find((e) => e._tag === "ActPublishedInEstrados")
  if (estrados?._tag !== "ActPublishedInEstrados") throw new Error("expected the act to go to estrados")
  console.log(`deposited ${deposited.notificationId}:`, JSON.stringify(deposited.events.map((e) => e._tag)))
  console.log(`estrados: published until ${estrados.lastPublicationDay}, notified ${local(estrados.notifiedAt)}`)

  await session(estrados.notifiedAt, async (buzon) => {
    const { deemed } = await buzon.runDue() // a new process: the read models are rebuilt from the file
    const [item] = await buzon.inbox("CACX7605101P8")
    console.log("after reopening", JSON.stringify({ deemed, status: item?.status, madeOn: item?.madeOn, effectiveOn: item?.effectiveOn }))
    const history = await buzon.history(deposited.notificationId)
    console.log("history", JSON.stringify(history.map((e) => `${e.version} ${e.type}`)))
    console.log("evidence", JSON.stringify(verifyBundle(await buzon.evidence(deposited.notificationId), instituteSeal.certificate)))
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
