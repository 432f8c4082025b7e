/**
 * Security headers, written by hand (no helmet): the API answers JSON only, so it forbids sniffing,
 * framing and referrers everywhere; the docs page gets a strict CSP; HSTS only behind TLS (a plain
 * HTTP localhost must not pin itself to HTTPS).
 *
 * @since 0.1.0
 */
import type { RequestHandler } from "express"

/** A strict CSP for JSON answers: nothing may load from them. @since 0.1.0 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'"
/** The docs page: its own inline style only, no scripts. @since 0.1.0 */
export const DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/**
 * The middleware; `trustProxy` lets `X-Forwarded-Proto: https` count as TLS.
 * @example app.use(securityHeaders({ trustProxy: false }))
 * @since 0.1.0
 */
export const securityHeaders = (options: { readonly trustProxy: boolean }): RequestHandler => (req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff")
  res.setHeader("X-Frame-Options", "DENY")
  res.setHeader("Referrer-Policy", "no-referrer")
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin")
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin")
  res.setHeader("Cache-Control", "no-store")
  res.setHeader("Content-Security-Policy", req.path === "/docs" ? DOCS_CSP : API_CSP)
  const tls = req.secure || (options.trustProxy && req.get("x-forwarded-proto") === "https")
  if (tls) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
  next()
}
