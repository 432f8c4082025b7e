/**
 * The example server's configuration, read from the environment (documented in README.md). Only
 * this file reads `process.env`; everything else is given a `ServerConfig`.
 *
 * @since 0.1.0
 */
import { randomBytes } from "node:crypto"
import { resolve } from "node:path"

/** Everything the server is configured with. @since 0.1.0 */
export interface ServerConfig {
  readonly port: number
  /** Development mode: demo credentials, the outbox, `/dev/*`. Off when `NODE_ENV=production`. */
  readonly development: boolean
  /** The SQLite file (ignored when `esdb` is set). */
  readonly dbPath: string
  /** How SQLite appends become durable (`BUZON_SQLITE_DURABILITY`, default "full"): see `SqliteDurability`. */
  readonly sqliteDurability: "full" | "grouped"
  readonly sqliteWriter: "event-loop" | "thread"
  /** An EventStoreDB connection string, instead of SQLite. */
  readonly esdb: string | undefined
  /** A folder of CA certificates (.cer/.crt/.pem) trusted for e.firma. */
  readonly trustDir: string | undefined
  readonly operatorToken: string
  /** True when the operator token was generated (development only): it is printed at start. */
  readonly operatorTokenGenerated: boolean
  readonly smtpUrl: string | undefined
  readonly smtpFrom: string
  readonly smsUrl: string | undefined
  /** Where the development credentials are written. */
  readonly demoDir: string
  /** The institute's seal (sello digital) credential: certificate and encrypted key files and the key's password. */
  readonly institute: { readonly certificate: string; readonly key: string; readonly password: string } | undefined
  /** Behind a TLS-terminating proxy (`BUZON_TRUST_PROXY=1`): honour X-Forwarded-* and send HSTS. */
  readonly trustProxy: boolean
}

/** A configuration the server refuses to start with; `message` says which variable and why. @since 0.1.0 */
export class ConfigurationInvalid extends Error {
  override readonly name = "ConfigurationInvalid"
}

/** Where the SQLite store commits unless BUZON_SQLITE_WRITER says otherwise (see the README's Performance). */
const DEFAULT_SQLITE_WRITER = "event-loop"

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === "" ? undefined : value.trim())

/**
 * Reads the configuration from `env` (the process environment by default).
 * @example readConfig({ PORT: "8080" }).port // => 8080
 * @since 0.1.0
 */
export const readConfig = (env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): ServerConfig => {
  const development = env["NODE_ENV"] !== "production"
  const portText = nonEmpty(env["PORT"]) ?? "3000"
  const port = Number(portText)
  if (!/^[0-9]{1,5}$/.test(portText) || port > 65_535) throw new ConfigurationInvalid(`PORT must be a TCP port number (0–65535), not "${portText}"`)
  const given = nonEmpty(env["BUZON_OPERATOR_TOKEN"])
  if (given === undefined && !development) throw new ConfigurationInvalid("BUZON_OPERATOR_TOKEN is required in production (at least 16 characters)")
  if (given !== undefined && given.length < 16) throw new ConfigurationInvalid("BUZON_OPERATOR_TOKEN must have at least 16 characters")
  const trustDir = nonEmpty(env["BUZON_TRUST_DIR"])
  if (trustDir === undefined && !development) throw new ConfigurationInvalid("BUZON_TRUST_DIR is required in production: the SAT CA certificates trusted for e.firma")
  const smsUrl = nonEmpty(env["BUZON_SMS_URL"])
  const smtpUrl = nonEmpty(env["BUZON_SMTP_URL"])
  if (!development && (smtpUrl === undefined || smsUrl === undefined)) throw new ConfigurationInvalid("BUZON_SMTP_URL and BUZON_SMS_URL are required in production: avisos must reach both channels")
  for (const [name, url] of [["BUZON_SMTP_URL", smtpUrl], ["BUZON_SMS_URL", smsUrl]] as const) {
    if (url !== undefined && !URL.canParse(url)) throw new ConfigurationInvalid(`${name} is not a URL: ${url.replace(/\/\/[^@]*@/, "//***@")}`)
  }
  const durability = nonEmpty(env["BUZON_SQLITE_DURABILITY"]) ?? "full"
  if (durability !== "full" && durability !== "grouped")
    throw new ConfigurationInvalid(`BUZON_SQLITE_DURABILITY must be "full" or "grouped", not "${durability.slice(0, 40)}"`)
  const writer = nonEmpty(env["BUZON_SQLITE_WRITER"]) ?? DEFAULT_SQLITE_WRITER
  if (writer !== "event-loop" && writer !== "thread")
    throw new ConfigurationInvalid(`BUZON_SQLITE_WRITER must be "event-loop" or "thread", not "${writer.slice(0, 40)}"`)
  if (writer === "thread" && durability !== "full")
    throw new ConfigurationInvalid(`BUZON_SQLITE_WRITER=thread commits with BUZON_SQLITE_DURABILITY=full only (the thread's COMMIT syncs), not "${durability}"`)
  const institute = [nonEmpty(env["BUZON_INSTITUTE_CERT"]), nonEmpty(env["BUZON_INSTITUTE_KEY"]), env["BUZON_INSTITUTE_KEY_PASSWORD"]] as const
  const instituteGiven = institute[0] !== undefined || institute[1] !== undefined
  if ((instituteGiven || !development) && (institute[0] === undefined || institute[1] === undefined || institute[2] === undefined))
    throw new ConfigurationInvalid("BUZON_INSTITUTE_CERT, BUZON_INSTITUTE_KEY and BUZON_INSTITUTE_KEY_PASSWORD go together (required in production): the institute's sello digital")
  return {
    port,
    development,
    dbPath: resolve(cwd, nonEmpty(env["BUZON_DB"]) ?? "data/buzon.db"),
    sqliteDurability: durability,
    sqliteWriter: writer,
    esdb: nonEmpty(env["BUZON_ESDB"]),
    trustDir: trustDir === undefined ? undefined : resolve(cwd, trustDir),
    operatorToken: given ?? randomBytes(24).toString("base64url"),
    operatorTokenGenerated: given === undefined,
    smtpUrl,
    smtpFrom: nonEmpty(env["BUZON_SMTP_FROM"]) ?? '"Buzón IMSS" <no-reply@buzon.localhost>',
    smsUrl,
    demoDir: resolve(cwd, "data/demo"),
    institute: institute[0] === undefined || institute[1] === undefined || institute[2] === undefined
      ? undefined
      : { certificate: resolve(cwd, institute[0]), key: resolve(cwd, institute[1]), password: institute[2] },
    trustProxy: env["BUZON_TRUST_PROXY"] === "1",
  }
}
