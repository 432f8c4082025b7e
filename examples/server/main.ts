/**
 * `npm start`: the Buzón example server. Reads the environment (see README.md), serves the API on
 * http://localhost:3000 with SQLite at ./data/buzon.db, prints where to look and, in development
 * mode, the demo credentials. Ctrl-C (SIGINT) or SIGTERM stops it cleanly, closing the store.
 *
 * @since 0.1.0
 */
import { ConfigurationInvalid, readConfig } from "./config.js"
import { startServer } from "./wiring.js"
import type { RunningServer } from "./wiring.js"

const banner = (running: RunningServer, operatorTokenGenerated: boolean): string => {
  const lines = [
    `Buzón IMSS example server listening on ${running.url}`,
    `  API reference: ${running.url}/docs   OpenAPI: ${running.url}/openapi.json`,
    `  Store: ${running.store}`,
  ]
  if (operatorTokenGenerated) lines.push(`  Operator token (generated for this run; set BUZON_OPERATOR_TOKEN to fix it): ${running.operatorToken}`)
  if (running.demo !== undefined) {
    const d = running.demo
    lines.push(
      "  Development mode (NODE_ENV=production turns it off):",
      `    demo credentials in ${d.dir}: employer FIEL employer.cer / employer.key (RFC ${d.employer.rfc}, password ${d.employer.password}),`,
      "    the demo CA demo-ca.cer (trusted), the institute's seal institute.cer / institute.key",
      `    messages sent (verification codes): GET ${running.url}/dev/outbox   settable clock: POST ${running.url}/dev/clock {"now":"…"}`,
    )
  }
  return lines.join("\n")
}

try {
  const config = readConfig()
  const running = await startServer(config)
  console.log(banner(running, config.operatorTokenGenerated))
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: closing the server and the store…`)
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Could not close cleanly: ${error instanceof Error ? error.message : String(error)}`)
        process.exit(1)
      },
    )
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
} catch (error) {
  if (error instanceof ConfigurationInvalid) console.error(`Configuration: ${error.message}`)
  else console.error(`The server could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
