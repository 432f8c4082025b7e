/**
 * The example server's wiring: the store (SQLite by default, EventStoreDB when configured), the
 * aviso senders, the trust store, the institute's seal, the clock, the scheduler and the HTTP app.
 * The only place that names the real clock (`Date.now`) and opens files and sockets.
 *
 * @since 0.1.0
 */
import { mkdirSync, readFileSync } from "node:fs"
import type { Server } from "node:http"
import { dirname } from "node:path"
import { Effect, Result } from "effect"
import pkg from "@eventstore/db-client"
import { createBuzon, instituteSealOf, loadTrustStore, makeCalendar, makeTrustStore, readCredential } from "@buzon/core"
import type { AvisoSenderShape, EventStoreShape, InstituteSealShape, TrustStore } from "@buzon/core"
import { makeEsdbEventStore, makeOutboxSender, makeSmsGatewaySender, makeSmtpSender, openSqliteEventStore, openSqliteOutboxSender, routeByChannel } from "@buzon/adapters"
import type { OutboxSenderShape } from "@buzon/adapters"
import { createHttpApp } from "@buzon/http"
import type { ServerConfig } from "./config.js"
import { demoCredentials } from "./demoCredentials.js"
import type { DemoCredentials } from "./demoCredentials.js"
import { makeDevClock } from "./devClock.js"

const { EventStoreDBClient } = pkg

/** A started server. @since 0.1.0 */
export interface RunningServer {
  readonly url: string
  readonly operatorToken: string
  readonly store: string
  readonly demo: DemoCredentials | undefined
  readonly close: () => Promise<void>
}

const SCHEDULER_EVERY_MS = 5_000 // [D] avisos go out within seconds of their window opening; deemed marks likewise

const openStore = async (config: ServerConfig): Promise<{ readonly store: EventStoreShape; readonly label: string; readonly close: () => Promise<void> }> => {
  if (config.esdb !== undefined) {
    const client = EventStoreDBClient.connectionString(config.esdb)
    return { store: makeEsdbEventStore(client), label: "EventStoreDB (BUZON_ESDB)", close: () => client.dispose() }
  }
  mkdirSync(dirname(config.dbPath), { recursive: true })
  const handle = await Effect.runPromise(openSqliteEventStore({ path: config.dbPath, durability: config.sqliteDurability, writer: config.sqliteWriter }))
  return { store: handle.store, label: `SQLite ${config.dbPath}`, close: async () => handle.close() }
}

const trustOf = (config: ServerConfig, demo: DemoCredentials | undefined): TrustStore => {
  const configured = config.trustDir === undefined ? [] : loadTrustStore(config.trustDir).anchors.map((a) => a.der)
  return makeTrustStore([...configured, ...(demo === undefined ? [] : [demo.ca.certificate])])
}

const sealOf = (config: ServerConfig, demo: DemoCredentials | undefined): InstituteSealShape => {
  const files = config.institute
  const [certificate, key, password, origin] = files !== undefined
    ? [new Uint8Array(readFileSync(files.certificate)), new Uint8Array(readFileSync(files.key)), files.password, files.certificate] as const
    : demo !== undefined ? [demo.institute.certificate, demo.institute.privateKey, demo.institute.password, demo.dir] as const
    : (() => { throw new Error("The institute's credential is missing (BUZON_INSTITUTE_CERT)") })()
  const credential = readCredential(certificate, key, password)
  if (Result.isFailure(credential)) throw new Error(`The institute credential (${origin}) is unusable: ${credential.failure.message}`)
  return instituteSealOf(credential.success)
}

/**
 * The development outbox, only when a channel has no provider: kept in the SQLite file beside the
 * store (its own table, never the event streams), so `GET /dev/outbox` lists it after a restart;
 * in memory with EventStoreDB.
 */
const outboxOf = async (config: ServerConfig, now: () => number): Promise<{ readonly outbox: OutboxSenderShape; readonly close: () => void } | undefined> => {
  if (!config.development || (config.smtpUrl !== undefined && config.smsUrl !== undefined)) return undefined
  if (config.esdb !== undefined) return { outbox: makeOutboxSender({ now }), close: () => undefined }
  const outbox = await Effect.runPromise(openSqliteOutboxSender({ path: config.dbPath, now }))
  return { outbox, close: outbox.close }
}

const sendersOf = async (config: ServerConfig, now: () => number): Promise<{ readonly sender: AvisoSenderShape; readonly outbox: OutboxSenderShape | undefined; readonly close: () => void }> => {
  const smtp = config.smtpUrl === undefined ? undefined : makeSmtpSender({ url: config.smtpUrl, from: config.smtpFrom, now })
  const sms = config.smsUrl === undefined ? undefined : makeSmsGatewaySender({ url: config.smsUrl, now })
  // Development: whatever channel has no provider configured goes to the outbox (listed by GET /dev/outbox).
  const kept = await outboxOf(config, now)
  const email = smtp ?? kept?.outbox
  const mobile = sms ?? kept?.outbox
  if (email === undefined || mobile === undefined) throw new Error("Both BUZON_SMTP_URL and BUZON_SMS_URL are needed in production")
  return { sender: routeByChannel({ email, sms: mobile }), outbox: kept?.outbox, close: () => { smtp?.close(); kept?.close() } }
}

/**
 * Starts everything and listens on `config.port`.
 * @example const running = await startServer(readConfig()); await running.close()
 * @since 0.1.0
 */
export const startServer = async (config: ServerConfig, log: (line: string) => void = console.error): Promise<RunningServer> => {
  const devClock = config.development ? makeDevClock(Date.now) : undefined
  const now = devClock?.now ?? Date.now
  const demo = config.development ? demoCredentials(config.demoDir, Date.now()) : undefined
  const calendar = makeCalendar()
  const opened = await openStore(config)
  const senders = await sendersOf(config, now).catch(async (error: unknown) => { await opened.close(); throw error })
  const buzon = createBuzon({ store: opened.store, calendar, sender: senders.sender, instituteSeal: sealOf(config, demo), trust: trustOf(config, demo), clock: now })
  // One pass at a time: a pass longer than the interval (a mass emission) is not overlapped by the next.
  let pass: Promise<void> | undefined
  const runDue = (): Promise<void> => {
    pass ??= buzon.runDue().then(
      () => undefined,
      (error: unknown) => log(`[scheduler] pass failed: ${error instanceof Error ? error.message : String(error)}`),
    ).finally(() => { pass = undefined })
    return pass
  }
  const app = createHttpApp({
    buzon, calendar, now, operatorToken: config.operatorToken, trustProxy: config.trustProxy,
    // Development mode has its routes whatever the providers: with both configured the outbox lists nothing, the clock still moves.
    ...(devClock === undefined ? {} : {
      development: { outbox: senders.outbox?.messages ?? (() => []), now, setClock: async (instant: number) => { devClock.set(instant); await pass; await runDue() } },
    }),
    onDefect: (incidentId, error) => log(`[defect ${incidentId}] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  })
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.port, () => resolve(listening))
    listening.once("error", reject)
  })
  const timer = setInterval(() => void runDue(), SCHEDULER_EVERY_MS)
  await runDue()
  const { port } = server.address() as { port: number }
  return {
    url: `http://localhost:${port}`,
    operatorToken: config.operatorToken,
    store: opened.label,
    demo,
    close: async () => {
      clearInterval(timer)
      await pass
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await buzon.close()
      senders.close()
      await opened.close()
    },
  }
}
