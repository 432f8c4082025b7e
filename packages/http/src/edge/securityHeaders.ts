/**
 * Security headers, written by hand (no helmet): the API answers JSON only, so it forbids sniffing,
 * framing and referrers everywhere; the docs page gets a strict CSP; HSTS only behind TLS (a plain
 * HTTP localhost must not pin itself to HTTPS).
 *
 * @since 0.1.0
 */
import type { ServerResponse } from "node:http"
import type { RequestHandler, Response } from "express"

/** A strict CSP for JSON answers: nothing may load from them. @since 0.1.0 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'"
/** The docs page: its own inline style only, no scripts. @since 0.1.0 */
export const DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// The headers every response carries, as the flat [name, value, …] list `writeHead` takes.
const ALWAYS = [
  "X-Content-Type-Options", "nosniff",
  "X-Frame-Options", "DENY",
  "Referrer-Policy", "no-referrer",
  "Cross-Origin-Opener-Policy", "same-origin",
  "Cross-Origin-Resource-Policy", "same-origin",
  "Cache-Control", "no-store",
]
const HSTS = ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]
const API = Object.freeze([...ALWAYS, "Content-Security-Policy", API_CSP])
const DOCS = Object.freeze([...ALWAYS, "Content-Security-Policy", DOCS_CSP])
const API_TLS = Object.freeze([...API, ...HSTS])
const DOCS_TLS = Object.freeze([...DOCS, ...HSTS])

const PENDING = Symbol("buzon.securityHeaders")
type Pending = { [PENDING]?: ReadonlyArray<string> | undefined }

/**
 * Takes the security headers this response has still to write, as a flat [name, value, …] list,
 * for a writer that passes them to `writeHead` itself (`reply.ts`: one call, no header object built
 * header by header). Once taken, the response no longer adds them on its own.
 * @example const headers = takeSecurityHeaders(res) // => ["X-Content-Type-Options", "nosniff", …] or undefined
 * @since 0.2.0
 */
export const takeSecurityHeaders = (res: ServerResponse): ReadonlyArray<string> | undefined => {
  const pending = (res as ServerResponse & Pending)[PENDING]
  ;(res as ServerResponse & Pending)[PENDING] = undefined
  return pending
}

/**
 * The middleware; `trustProxy` lets `X-Forwarded-Proto: https` count as TLS. The headers are written
 * with the response's head, whoever writes it (a route, a problem, express itself), and never over a
 * header the route set.
 * @example app.use(securityHeaders({ trustProxy: false }))
 * @since 0.1.0
 */
export const securityHeaders = (options: { readonly trustProxy: boolean }): RequestHandler => (req, res, next) => {
  const tls = req.secure || (options.trustProxy && req.get("x-forwarded-proto") === "https")
  const docs = req.path === "/docs"
  ;(res as Response & Pending)[PENDING] = tls ? (docs ? DOCS_TLS : API_TLS) : (docs ? DOCS : API)
  const writeHead = res.writeHead
  // Every head goes through writeHead (`end()` and `write()` call it too when nobody has): the
  // headers not taken by then are set here, as setHeader would have set them.
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    const headers = takeSecurityHeaders(this)
    if (headers !== undefined) for (let i = 0; i < headers.length; i += 2) if (!this.hasHeader(headers[i]!)) this.setHeader(headers[i]!, headers[i + 1]!)
    return writeHead.apply(this, args)
  } as Response["writeHead"]
  next()
}
