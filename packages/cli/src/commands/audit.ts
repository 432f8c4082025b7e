/**
 * `buzon audit --db FILE [--closures FILE] [--zone ZONE] [--json]` (issue #5; the roadmap's "audit CLI
 * over real stores"): reads a SQLite event store page by page, checks every stream's hash chain
 * (DOMAIN §8) and rechecks every notification's timing against DOMAIN §3–4 with the calendar given.
 * Exit codes: 0 clean, 1 a chain break or a timing violation, 2 bad usage or a file that is not a
 * readable Buzón store of this schema version.
 *
 * The audit never creates, migrates or repairs a file. Before the store opens it, the file's SQLite
 * header (https://www.sqlite.org/fileformat.html §1.3: user version at byte 60, application id at
 * byte 68) is read with plain `fs`: a missing, empty, foreign, newer or older file is refused there,
 * untouched (the store would create a missing or empty file and migrate an older one).
 *
 * @since 0.2.0
 */
import { closeSync, openSync, readSync, statSync } from "node:fs"
import { BUZON_APPLICATION_ID, openSqliteEventStore, SQLITE_SCHEMA_VERSION, SqliteFileForeign, SqliteSchemaNewer } from "@buzon/adapters"
import {
  auditNotifications, type Calendar, type ChainBreak, makeCalendar, notificationStream, type RecordedEvent, verifyChain,
  type Violation, type ViolationKind,
} from "@buzon/core"
import { Command, CommanderError } from "commander"
import { Effect, Result } from "effect"
import { calendarNote, CLOSURES_HELP } from "../calendarNote.js"
import { BadInput, closuresFile, zoneArg } from "../input.js"
import type { CliIo } from "../io.js"
import { renderTable } from "../table.js"

const SQLITE_MAGIC = "SQLite format 3\u0000"
const HEADER_BYTES = 100
const PAGE = 5_000 // events per readAll: few queries, and only one page of non-notification events held at a time
const EXAMPLES = 3 // per violation kind, for people; --json lists them all
const NOTIFICATION_PREFIX = notificationStream("")

/**
 * Whether the audit may hand the file to the store, from its first 100 bytes and whether a `-wal`
 * file sits beside it: `undefined` to open it, else the refusal (exit 2). A store that a running
 * server created has its header in the write-ahead log until a checkpoint, so with a `-wal` beside it
 * an all-zero header is left to the store, which reads through the log.
 *
 * @example storeFileVerdict("buzon.db", new Uint8Array(0), false)?.message // => '--db: "buzon.db" is empty: not a Buzón event store (the audit never creates one)'
 * @since 0.2.0
 */
export const storeFileVerdict = (path: string, header: Uint8Array, walBeside: boolean): BadInput | SqliteFileForeign | SqliteSchemaNewer | undefined => {
  if (header.length === 0) return new BadInput({ reason: `--db: "${path}" is empty: not a Buzón event store (the audit never creates one)` })
  if (header.length < HEADER_BYTES || Buffer.from(header.subarray(0, 16)).toString("latin1") !== SQLITE_MAGIC)
    return new SqliteFileForeign({ path, reason: "it is not a SQLite database" })
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
  const userVersion = view.getUint32(60), applicationId = view.getUint32(68)
  if (applicationId === 0 && userVersion === 0 && walBeside) return undefined
  if (applicationId !== BUZON_APPLICATION_ID)
    return new SqliteFileForeign({ path, reason: `its application id is ${applicationId}, not Buzón's ${BUZON_APPLICATION_ID}` })
  if (userVersion > SQLITE_SCHEMA_VERSION) return new SqliteSchemaNewer({ path, fileVersion: userVersion, supportedVersion: SQLITE_SCHEMA_VERSION })
  if (userVersion < SQLITE_SCHEMA_VERSION)
    return new BadInput({
      reason: `--db: "${path}" has event store schema version ${userVersion}, older than ${SQLITE_SCHEMA_VERSION}; the audit never migrates a file: ` +
        "open it once with the server (or a copy of it), then audit it",
    })
  return undefined
}

/** The first 100 bytes of a regular file, or the one-line refusal. */
const readHeader = (path: string): Uint8Array => {
  const failed = (error: unknown) => new BadInput({ reason: `--db: cannot read "${path}" (${(error as { code?: string }).code ?? "error"})` })
  let stat
  try {
    stat = statSync(path)
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") throw new BadInput({ reason: `--db: "${path}" does not exist (the audit never creates a store)` })
    throw failed(error)
  }
  if (!stat.isFile()) throw new BadInput({ reason: `--db: "${path}" is not a file` })
  try {
    const fd = openSync(path, "r")
    try {
      const header = new Uint8Array(HEADER_BYTES)
      return header.subarray(0, readSync(fd, header, 0, HEADER_BYTES, 0))
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    throw failed(error)
  }
}

const exists = (path: string): boolean => {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** The first broken link of one stream. @since 0.2.0 */
export interface ChainBreakFound {
  readonly streamName: string
  readonly brokenAt: number
  readonly reason: ChainBreak
}

/** What one pass over the file found. @since 0.2.0 */
export interface AuditReport {
  readonly file: string
  readonly events: number
  readonly streams: number
  readonly notifications: number
  readonly calendarVersion: string
  /** Calendar versions the notification events carry other than the audited one, with how many events carry each. */
  readonly otherCalendarVersions: ReadonlyArray<{ readonly version: string; readonly events: number }>
  readonly chainBreaks: ReadonlyArray<ChainBreakFound>
  readonly violations: ReadonlyArray<Violation>
}

/** A stream's last verified link, or "broken" once its first break is found (later links cannot be anchored). */
type Head = { readonly version: number; readonly hash: string } | "broken"

interface Tally {
  events: number
  readonly heads: Map<string, Head>
  readonly chainBreaks: Array<ChainBreakFound>
  readonly notifications: Map<string, Array<RecordedEvent>>
  readonly calendarVersions: Map<string, number>
}

/** Items grouped by a key, each group in the items' order. */
const groupBy = <K, A>(items: ReadonlyArray<A>, key: (a: A) => K): Map<K, Array<A>> => {
  const groups = new Map<K, Array<A>>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [item])
    else group.push(item)
  }
  return groups
}

/** DOMAIN §8: each stream's page of links, anchored to the last link verified on the page before. */
const verifyPage = (tally: Tally, streams: Map<string, Array<RecordedEvent>>): void => {
  for (const [streamName, events] of streams) {
    const head = tally.heads.get(streamName)
    if (head === "broken") continue
    const verdict = verifyChain(events, head === undefined ? {} : { anchors: { [streamName]: head } })
    if (verdict.ok) tally.heads.set(streamName, { version: events[events.length - 1]!.version, hash: verdict.lastHash[streamName]! })
    else {
      tally.heads.set(streamName, "broken")
      tally.chainBreaks.push({ streamName, brokenAt: verdict.brokenAt, reason: verdict.reason })
    }
  }
}

const NO_METADATA = {}

/**
 * Keeps the notification streams' events, which the timing audit needs whole, without their metadata
 * (the audit reads none of it; once verified, the two hashes are about a quarter of what an event
 * would hold); counts the calendar versions they carry.
 */
const keepNotifications = (tally: Tally, streams: Map<string, Array<RecordedEvent>>): void => {
  for (const [streamName, events] of streams) {
    if (!streamName.startsWith(NOTIFICATION_PREFIX)) continue
    let kept = tally.notifications.get(streamName)
    if (kept === undefined) tally.notifications.set(streamName, (kept = []))
    for (const { version, position, type, data, recordedAt } of events) {
      kept.push({ streamName, version, position, type, data, metadata: NO_METADATA, recordedAt })
      const calendar = (data as { calendarVersion?: unknown } | null)?.calendarVersion
      if (typeof calendar === "string") tally.calendarVersions.set(calendar, (tally.calendarVersions.get(calendar) ?? 0) + 1)
    }
  }
}

const unwrap = <A, E>(effect: Effect.Effect<A, E>): A => {
  const result = Effect.runSync(Effect.result(effect))
  if (Result.isFailure(result)) throw result.failure // a tagged error: `run` prints its message, exit 2
  return result.success
}

/**
 * Reads every event of the SQLite store in `path` in pages of 5,000, verifies each stream's hash
 * chain and audits each notification stream with `calendar`. Throws the refusal (exit 2) when the
 * file is not a Buzón store this version reads; never creates or migrates it.
 *
 * @example auditSqliteFile("buzon.db", makeCalendar()).chainBreaks // => [] for an untouched file
 * @since 0.2.0
 */
export const auditSqliteFile = (path: string, calendar: Calendar): AuditReport => {
  const refused = storeFileVerdict(path, readHeader(path), exists(`${path}-wal`))
  if (refused !== undefined) throw refused
  const handle = unwrap(openSqliteEventStore({ path }))
  const tally: Tally = { events: 0, heads: new Map(), chainBreaks: [], notifications: new Map(), calendarVersions: new Map() }
  try {
    for (let after = 0; ;) {
      const page = unwrap(handle.store.readAll({ after, limit: PAGE }))
      if (page.length === 0) break
      tally.events += page.length
      after = page[page.length - 1]!.position
      const streams = groupBy(page, (e) => e.streamName)
      verifyPage(tally, streams)
      keepNotifications(tally, streams)
    }
  } finally {
    handle.close()
  }
  const violations: Array<Violation> = []
  for (const events of tally.notifications.values()) for (const v of auditNotifications(events, calendar)) violations.push(v)
  const otherCalendarVersions = [...tally.calendarVersions].filter(([version]) => version !== calendar.version).map(([version, events]) => ({ version, events }))
  return {
    file: path, events: tally.events, streams: tally.heads.size, notifications: tally.notifications.size, calendarVersion: calendar.version,
    otherCalendarVersions, chainBreaks: tally.chainBreaks, violations,
  }
}

const byKind = (violations: ReadonlyArray<Violation>): Map<ViolationKind, Array<Violation>> => groupBy(violations, (v) => v.kind)

/**
 * The report as one JSON object: counts, every chain break, violations counted by kind and listed in full.
 * @example auditJson(report).clean // => true
 * @since 0.2.0
 */
export const auditJson = (r: AuditReport) => ({
  file: r.file,
  clean: r.chainBreaks.length === 0 && r.violations.length === 0,
  events: r.events,
  streams: r.streams,
  notifications: r.notifications,
  calendarVersion: r.calendarVersion,
  otherCalendarVersions: r.otherCalendarVersions,
  chainBreaks: r.chainBreaks,
  violationsByKind: Object.fromEntries([...byKind(r.violations)].map(([kind, list]) => [kind, list.length])),
  violations: r.violations,
})

/** Why each break matters, in the words of `ChainBreak` (DOMAIN §8). */
const BREAK_MEANS: Record<ChainBreak, string> = {
  "version-gap": "a version is missing or repeated: an event was removed or inserted",
  "missing-link": "the event carries no prevHash/hash",
  "prev-hash-mismatch": "prevHash is not the previous event's hash: an event was replaced or reordered",
  "hash-mismatch": "the event's content no longer matches its own hash: it was edited",
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

/**
 * The report for people: the counts, each chain break, the violations grouped by kind with a few
 * examples, the calendar, and a verdict line.
 * @since 0.2.0
 */
export const auditText = (r: AuditReport, calendar: Calendar): string => {
  const lines = [renderTable([
    ["file", r.file],
    ["events", String(r.events)],
    ["streams", `${r.streams} (${r.notifications} notification, ${r.streams - r.notifications} other)`],
    ["notifications audited", String(r.notifications)],
    ["chain breaks", String(r.chainBreaks.length)],
    ["violations", String(r.violations.length)],
  ])]
  if (r.chainBreaks.length > 0)
    lines.push("", "chain breaks (the first broken link of each stream; DOMAIN §8):", renderTable([
      ["stream", "version", "reason"],
      ...r.chainBreaks.map((b) => [b.streamName, String(b.brokenAt), `${b.reason}: ${BREAK_MEANS[b.reason]}`]),
    ]))
  if (r.violations.length > 0)
    lines.push("", "violations by kind (DOMAIN §3–4; #n is the event's 0-based place in the notification's history):", renderTable([
      ["kind", "count", "examples"],
      ...[...byKind(r.violations)].flatMap(([kind, list]) =>
        list.slice(0, EXAMPLES).map((v, i) => [i === 0 ? kind : "", i === 0 ? String(list.length) : "", `${v.notificationId} #${v.index}: ${v.detail}`])),
    ]))
  lines.push("", calendarNote(calendar))
  for (const other of r.otherCalendarVersions)
    lines.push(`${plural(other.events, "notification event")} carry calendar ${other.version}, not the audited one: audit with the --closures and --zone the server used`)
  lines.push(r.chainBreaks.length === 0 && r.violations.length === 0
    ? "clean: every hash chain holds and every notification's timing follows DOMAIN §3–4"
    : `not clean: ${plural(r.chainBreaks.length, "chain break")}, ${plural(r.violations.length, "violation")}`)
  return lines.join("\n")
}

interface AuditFlags {
  readonly db: string
  readonly closures?: string
  readonly zone: string
  readonly json?: boolean
}

/**
 * Adds the `audit` command.
 * @example registerAudit(program, io) // buzon audit --db buzon.db --json
 * @since 0.2.0
 */
export const registerAudit = (program: Command, io: CliIo): void => {
  program
    .command("audit")
    .description("check a SQLite store's hash chains (DOMAIN §8) and every notification's timing (DOMAIN §3–4); never writes the file")
    .requiredOption("--db <file>", "the SQLite event store file (never created nor migrated)")
    .option("--closures <file>", CLOSURES_HELP)
    .option("--zone <zone>", "the authority zone the store's calendar used", "America/Mexico_City")
    .option("--json", "print one JSON object")
    .action((flags: AuditFlags) => {
      const calendar = makeCalendar({ closures: closuresFile(flags.closures, io.readFile), zone: zoneArg(flags.zone, "--zone") })
      const report = auditSqliteFile(flags.db, calendar)
      io.stdout(flags.json === true ? JSON.stringify(auditJson(report)) : auditText(report, calendar))
      if (report.chainBreaks.length > 0 || report.violations.length > 0)
        throw new CommanderError(1, "buzon.audit.notClean", `${report.chainBreaks.length} chain breaks, ${report.violations.length} violations`)
    })
}
