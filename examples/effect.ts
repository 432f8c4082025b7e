// The same shell through its Effect API: `Buzon.layer` over the ports built by `buzonPortsLayer`,
// refusals recovered by tag, and time supplied as Effect's `Clock` (here a fixed one).
import { Clock, Effect, Layer, Result } from "effect"
import {
  Buzon, buzonPortsLayer, clockFrom, generateTestCa, generateTestCredential, instituteSealOf, makeCalendar, makeMemorySender,
  makeTrustStore, readCredential,
} from "@buzon/core"

const at = Date.parse("2026-03-11T10:00:00-06:00") // Wednesday, 10:00 in Mexico City
const validity = { notBefore: Date.parse("2025-01-01T00:00:00Z"), notAfter: Date.parse("2028-12-31T00:00:00Z") }
const ca = generateTestCa(validity)
const seal = generateTestCredential({ ca, rfc: "IMS421231I45", legalName: "INSTITUTO MEXICANO DEL SEGURO SOCIAL", password: "12345678a", ...validity })
const ports = buzonPortsLayer({ // store: in memory unless given
  calendar: makeCalendar(), sender: makeMemorySender(() => at), trust: makeTrustStore([ca.certificate]),
  instituteSeal: instituteSealOf(Result.getOrThrow(readCredential(seal.certificate, seal.privateKey, seal.password))),
})

// #region effect
const act = { idempotencyKey: "IMSS-2026-9", rfc: "CACX7605101P8", actType: "oficio", reference: "OF-9", issuingUnit: "Subdelegación Centro" } as const
const program = Effect.gen(function* () {
  const buzon = yield* Buzon
  const refused = yield* buzon.deposit({ ...act, contentSha256: "not-a-hash" }).pipe(
    Effect.map(() => "deposited"),
    Effect.catchTag("InvalidContentHash", (e) => Effect.succeed(`${e._tag}: ${e.message}`)),
  )
  const { notificationId, events } = yield* buzon.deposit({ ...act, contentSha256: "9".repeat(64) })
  const estrados = events.find((e) => e._tag === "ActPublishedInEstrados") // no mailbox: CFF art. 139
  const pass = yield* buzon.runDue(estrados?._tag === "ActPublishedInEstrados" ? estrados.notifiedAt : at)
  const { notification } = yield* buzon.notification(notificationId)
  return { refused, notificationId, deposited: events.map((e) => e._tag), deemed: pass.deemed, status: notification.status }
})
const result = await Effect.runPromise(program.pipe(
  Effect.provide(Buzon.layer.pipe(Layer.provide(ports))),
  Effect.provideService(Clock.Clock, clockFrom(() => at)),
))
// #endregion effect
console.log(JSON.stringify(result, null, 2))
