/**
 * The HTTP API as an express 5 app: JSON in and out, RFC 9457 problems, security headers, body
 * limits, e.firma challenge login with short-lived signed session tokens, an operator token, attempt
 * limits, `ETag`/`If-Match`, OpenAPI at `/openapi.json` and a reference page at `/docs`.
 *
 * @since 0.1.0
 */
import { randomBytes, randomUUID } from "node:crypto"
import express from "express"
import type { Express, NextFunction, Request, Response } from "express"
import { makeRateLimiter, defaultRateLimits } from "./auth/rateLimiter.js"
import type { RateLimits } from "./auth/rateLimiter.js"
import { makeSessionTokens } from "./auth/sessionToken.js"
import type { BuzonClient, BuzonShape, Calendar } from "@buzon/core"
import type { Tracer } from "effect"
import { buzonBackend } from "./buzonBackend.js"
import { bodyErrors, jsonBodies } from "./edge/jsonBodies.js"
import { sendDefect, sendProblem } from "./edge/problems.js"
import { RouteNotFound } from "./edge/refusals.js"
import { securityHeaders } from "./edge/securityHeaders.js"
import { authRoutes } from "./routes/authRoutes.js"
import { devRoutes } from "./routes/devRoutes.js"
import type { DevelopmentHooks } from "./routes/devRoutes.js"
import { mailboxRoutes } from "./routes/mailboxRoutes.js"
import { notificationRoutes } from "./routes/notificationRoutes.js"
import { publicRoutes } from "./routes/publicRoutes.js"

/** How the app is built. @since 0.1.0 */
export interface HttpAppOptions {
  /** The core: `createBuzon({…})` (its Promise facade; the app uses the Effect service underneath) or the `Buzon` service itself. */
  readonly buzon: BuzonClient | BuzonShape
  /** The calendar of the public timeline calculator: the same one the core decides with. */
  readonly calendar: Calendar
  /** The institute operators' bearer token (`BUZON_OPERATOR_TOKEN`); at least 16 characters. */
  readonly operatorToken: string
  /** The key session tokens are signed with (≥ 32 bytes); random per process when absent, so restarts end sessions. */
  readonly sessionKey?: Uint8Array
  /** Session lifetime in ms (default 15 minutes). */
  readonly sessionLifetimeMs?: number
  /** The clock (UTC epoch ms) for tokens and limits; the wiring passes the same clock as the core's. */
  readonly now: () => number
  /** The largest body accepted, in bytes (default 64 KiB: a certificate and a signature fit easily). */
  readonly bodyLimitBytes?: number
  readonly rateLimits?: Partial<RateLimits>
  /** Behind a TLS-terminating proxy: honour `X-Forwarded-*` (and send HSTS on https). */
  readonly trustProxy?: boolean
  /** The issuing unit recorded on deposits that do not name one (default "IMSS"). */
  readonly issuingUnit?: string
  /** Development mode: `/dev/outbox` and `/dev/clock`. Never pass this in production. */
  readonly development?: DevelopmentHooks
  /** Where the core's spans go (`Buzon.deposit`, `app.handleCommand`…), e.g. an OpenTelemetry tracer; none is exported without one. */
  readonly tracer?: Tracer.Tracer
  /** Told about every defect (an incident id and the error) so it can be logged; the client sees only the id. */
  readonly onDefect?: (incidentId: string, error: unknown) => void
}

/**
 * Builds the app. Listen with `app.listen(port)`; the app holds no resource of its own to close.
 * @example
 * const app = createHttpApp({ buzon, calendar, operatorToken: process.env.BUZON_OPERATOR_TOKEN!, now: Date.now })
 * app.listen(3000)
 * @since 0.1.0
 */
export const createHttpApp = (options: HttpAppOptions): Express => {
  if (options.operatorToken.length < 16) throw new Error("The operator token must have at least 16 characters")
  const limit = options.bodyLimitBytes ?? 65_536
  const ctx = {
    backend: buzonBackend({ buzon: "service" in options.buzon ? options.buzon.service : options.buzon, calendar: options.calendar, now: options.now, tracer: options.tracer }),
    policy: {
      tokens: makeSessionTokens(options.sessionKey ?? new Uint8Array(randomBytes(32)), options.sessionLifetimeMs),
      operatorToken: options.operatorToken,
      now: options.now,
    },
    limiter: makeRateLimiter(),
    limits: { ...defaultRateLimits, ...options.rateLimits },
    issuingUnit: options.issuingUnit ?? "IMSS",
  }
  const app = express()
  app.disable("x-powered-by")
  app.disable("etag") // versions are our ETags; express's body hashes would contradict them
  app.set("trust proxy", options.trustProxy === true)
  app.set("query parser", "simple")
  app.set("strict routing", true) // before the first `use`: the app's router is built then, with this setting
  app.use(securityHeaders({ trustProxy: options.trustProxy === true }))
  app.use(jsonBodies(limit))
  // The routes go on the app's own router, after the middleware: a nested router would add a second
  // routing pass to every request (issue #6's benchmark); the order, and so the behaviour, is the same.
  const router = app.router
  authRoutes(router, ctx)
  mailboxRoutes(router, ctx)
  notificationRoutes(router, ctx)
  publicRoutes(router, ctx, { development: options.development !== undefined })
  if (options.development !== undefined) devRoutes(router, options.development)
  app.use((req: Request, res: Response) => sendProblem(res, new RouteNotFound({ method: req.method, path: req.path.slice(0, 200) }), req.originalUrl))
  app.use(bodyErrors(limit))
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error)
    const incidentId = randomUUID()
    options.onDefect?.(incidentId, error)
    sendDefect(res, req.originalUrl, incidentId)
  })
  return app
}
