import { describe, expect, it } from "vitest"
import { ConfigurationInvalid, readConfig } from "./config.js"

describe("example server configuration", () => {
  it("defaults to development on port 3000 with SQLite at ./data/buzon.db and a generated operator token", () => {
    const config = readConfig({}, "/srv/buzon")
    expect({ ...config, operatorToken: config.operatorToken.length }).toEqual({
      port: 3000, development: true, dbPath: "/srv/buzon/data/buzon.db", sqliteDurability: "full", sqliteWriter: "event-loop", esdb: undefined, trustDir: undefined,
      operatorToken: 32, operatorTokenGenerated: true, smtpUrl: undefined, smtpFrom: '"Buzón IMSS" <no-reply@buzon.localhost>',
      smsUrl: undefined, demoDir: "/srv/buzon/data/demo", institute: undefined, trustProxy: false,
    })
  })

  it("reads every variable", () => {
    expect(readConfig({
      PORT: "8080", NODE_ENV: "production", BUZON_DB: "/var/lib/buzon.db", BUZON_SQLITE_DURABILITY: "grouped", BUZON_SQLITE_WRITER: "event-loop", BUZON_ESDB: "esdb://localhost:2113?tls=false", BUZON_TRUST_DIR: "sat-ca",
      BUZON_OPERATOR_TOKEN: "0123456789abcdef0123", BUZON_SMTP_URL: "smtp://relay:587", BUZON_SMS_URL: "https://sms.example/hook", BUZON_TRUST_PROXY: "1",
      BUZON_INSTITUTE_CERT: "keys/imss.cer", BUZON_INSTITUTE_KEY: "/keys/imss.key", BUZON_INSTITUTE_KEY_PASSWORD: "s3cret",
    }, "/srv/buzon")).toEqual({
      port: 8080, development: false, dbPath: "/var/lib/buzon.db", sqliteDurability: "grouped", sqliteWriter: "event-loop", esdb: "esdb://localhost:2113?tls=false", trustDir: "/srv/buzon/sat-ca",
      operatorToken: "0123456789abcdef0123", operatorTokenGenerated: false, smtpUrl: "smtp://relay:587", smtpFrom: '"Buzón IMSS" <no-reply@buzon.localhost>',
      smsUrl: "https://sms.example/hook", demoDir: "/srv/buzon/data/demo", trustProxy: true,
      institute: { certificate: "/srv/buzon/keys/imss.cer", key: "/keys/imss.key", password: "s3cret" },
    })
  })

  it("refuses what production cannot run without, naming the variable", () => {
    const production = { NODE_ENV: "production", BUZON_OPERATOR_TOKEN: "0123456789abcdef", BUZON_TRUST_DIR: "ca", BUZON_SMTP_URL: "smtp://r", BUZON_SMS_URL: "http://s",
      BUZON_INSTITUTE_CERT: "i.cer", BUZON_INSTITUTE_KEY: "i.key", BUZON_INSTITUTE_KEY_PASSWORD: "p" }
    const refusal = (env: Record<string, string | undefined>) => { try { readConfig(env); return undefined } catch (e) { return e instanceof ConfigurationInvalid ? e.message : "not a ConfigurationInvalid" } }
    expect([
      refusal({ ...production, BUZON_OPERATOR_TOKEN: undefined }),
      refusal({ ...production, BUZON_OPERATOR_TOKEN: "short" }),
      refusal({ ...production, BUZON_TRUST_DIR: undefined }),
      refusal({ ...production, BUZON_SMS_URL: undefined }),
      refusal({ ...production, BUZON_SMTP_URL: "not a url" }),
      refusal({ PORT: "http" }),
      refusal({ ...production, BUZON_INSTITUTE_KEY_PASSWORD: undefined }),
      refusal({ ...production, BUZON_SQLITE_DURABILITY: "normal" }),
      refusal({ ...production, BUZON_SQLITE_WRITER: "worker" }),
      refusal({ ...production, BUZON_SQLITE_WRITER: "thread", BUZON_SQLITE_DURABILITY: "grouped" }),
      refusal(production),
    ]).toEqual([
      "BUZON_OPERATOR_TOKEN is required in production (at least 16 characters)",
      "BUZON_OPERATOR_TOKEN must have at least 16 characters",
      "BUZON_TRUST_DIR is required in production: the SAT CA certificates trusted for e.firma",
      "BUZON_SMTP_URL and BUZON_SMS_URL are required in production: avisos must reach both channels",
      "BUZON_SMTP_URL is not a URL: not a url",
      'PORT must be a TCP port number (0–65535), not "http"',
      "BUZON_INSTITUTE_CERT, BUZON_INSTITUTE_KEY and BUZON_INSTITUTE_KEY_PASSWORD go together (required in production): the institute's sello digital",
      'BUZON_SQLITE_DURABILITY must be "full" or "grouped", not "normal"',
      'BUZON_SQLITE_WRITER must be "event-loop" or "thread", not "worker"',
      'BUZON_SQLITE_WRITER=thread commits with BUZON_SQLITE_DURABILITY=full only (the thread\'s COMMIT syncs), not "grouped"',
      undefined,
    ])
  })
})
