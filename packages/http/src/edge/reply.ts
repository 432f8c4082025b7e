/**
 * How a route answers: a handler is an `Effect` of a `Reply` (status, body, headers) or a refusal.
 * `route` runs it and writes either the JSON reply or the problem; a defect rejects, and express 5
 * hands it to the error middleware (500 without internals).
 *
 * @since 0.1.0
 */
import { Effect, Result } from "effect"
import type { Request, RequestHandler, Response } from "express"
import { sendProblem } from "./problems.js"
import type { ApiRefusal } from "./problems.js"

/** A route's answer. @since 0.1.0 */
export interface Reply {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/**
 * A reply with a JSON body.
 * @example json(200, { ok: true }, { ETag: 'W/"3"' }) // => { status: 200, body: { ok: true }, headers: { ETag: 'W/"3"' } }
 * @since 0.1.0
 */
export const json = (status: number, body: unknown, headers?: Readonly<Record<string, string>>): Reply =>
  headers === undefined ? { status, body } : { status, body, headers }

// Written with node's own calls: express's `send` adds freshness checks and body hashing we do not use (hot path).
const write = (res: Response, reply: Reply): void => {
  res.statusCode = reply.status
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value)
  if (reply.body === undefined) return void res.end()
  const text = JSON.stringify(reply.body)
  res.setHeader("Content-Type", "application/json; charset=utf-8")
  res.setHeader("Content-Length", Buffer.byteLength(text))
  res.end(text)
}

/**
 * Adapts an Effect handler to express.
 * @example router.get("/mailboxes/:rfc", route((req) => showMailbox(req)))
 * @since 0.1.0
 */
export const route = (handler: (req: Request) => Effect.Effect<Reply, ApiRefusal>): RequestHandler =>
  async (req, res) => {
    const result = await Effect.runPromise(Effect.result(handler(req)))
    if (Result.isFailure(result)) sendProblem(res, result.failure, req.originalUrl)
    else write(res, result.success)
  }
