/**
 * The load generator of `bench/http.ts`, run as a child process: autocannon on its own event loop
 * (and core), so the server's thread does nothing but serve and the figures measure the server alone.
 * Receives one measurement as JSON in argv[2], sends autocannon's figures back over IPC.
 */
import { createRequire } from "node:module"

interface AutocannonResult {
  readonly requests: { readonly average: number }
  readonly latency: { readonly p99: number }
  readonly non2xx: number
  readonly errors: number
}
interface AutocannonRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string }
type Autocannon = (options: {
  readonly url: string
  readonly connections: number
  readonly duration: number
  readonly requests?: ReadonlyArray<AutocannonRequest & { readonly setupRequest?: (request: AutocannonRequest) => AutocannonRequest }>
}) => Promise<AutocannonResult>
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon

/** One measurement: a GET with headers, or deposits (a fresh idempotency key and reference each). */
export interface Load {
  readonly url: string
  readonly connections: number
  readonly seconds: number
  readonly path: string
  readonly headers: Record<string, string>
  readonly deposit?: { readonly rfc: string; readonly sha256: string; readonly keyPrefix: string }
}

const load = JSON.parse(process.argv[2]!) as Load
let sequence = 0
const request: AutocannonRequest & { readonly setupRequest?: (r: AutocannonRequest) => AutocannonRequest } = load.deposit === undefined
  ? { method: "GET", path: load.path, headers: load.headers }
  : {
    method: "POST", path: load.path,
    setupRequest: (r) => {
      sequence += 1
      const key = `${load.deposit!.keyPrefix}-${sequence}`
      return { ...r, headers: { ...load.headers, "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ rfc: load.deposit!.rfc, act: { type: "oficio", reference: `OF-${key}`, sha256: load.deposit!.sha256 } }) }
    },
  }
const result = await autocannon({ url: load.url, connections: load.connections, duration: load.seconds, requests: [request] })
process.send!({ requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors, sent: sequence })
