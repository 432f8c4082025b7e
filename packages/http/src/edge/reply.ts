/**
 * How a route answers: a handler is an `Effect` of a `Reply` (status, body, headers) or a refusal.
 * `route` runs it and writes either the JSON reply or the problem; a defect goes to express's error
 * middleware (500 without internals).
 *
 * @since 0.1.0
 */
import { Cause, Effect, Result } from "effect"
import type { Exit } from "effect"
import type { NextFunction, Request, RequestHandler, Response } from "express"
import { sendProblem } from "./problems.js"
import { takeSecurityHeaders } from "./securityHeaders.js"
import type { ApiRefusal } from "./problems.js"

/** A route's answer. @since 0.1.0 */
export interface Reply {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /** The body never changes once built (a frozen read-model list): it is serialized once per object. */
  readonly shared?: true
}

/**
 * A reply with a JSON body.
 * @example json(200, { ok: true }, { ETag: 'W/"3"' }) // => { status: 200, body: { ok: true }, headers: { ETag: 'W/"3"' } }
 * @since 0.1.0
 */
export const json = (status: number, body: unknown, headers?: Readonly<Record<string, string>>): Reply =>
  headers === undefined ? { status, body } : { status, body, headers }

/**
 * A reply whose body is an immutable value answered again and again (an unchanged inbox): its JSON
 * is computed on the first answer and reused while the same object comes back.
 * Gotcha: only for values nobody mutates; a changed value must be a new object.
 * @example sharedJson(200, inboxEntries) // => { status: 200, body: inboxEntries, shared: true }
 * @since 0.1.0
 */
export const sharedJson = (status: number, body: object): Reply => ({ status, body, shared: true })

// The serialized bodies of shared replies, held as long as their value is (a read model drops an
// inbox's list when it changes, and the entry goes with it).
const serialized = new WeakMap<object, Buffer>()

const bytesOf = (reply: Reply): string | Buffer => {
  if (reply.shared !== true) return JSON.stringify(reply.body)
  const body = reply.body as object
  let bytes = serialized.get(body)
  if (bytes === undefined) serialized.set(body, (bytes = Buffer.from(JSON.stringify(body), "utf8")))
  return bytes
}

// Written with node's own calls, the head in one `writeHead` with a flat header list (the security
// headers included: securityHeaders.ts): express's `send` adds freshness checks and body hashing we
// do not use, and header-by-header `setHeader` builds a header object per response (hot path).
const write = (res: Response, reply: Reply): void => {
  const head: Array<string> = []
  if (reply.headers !== undefined) for (const name in reply.headers) head.push(name, reply.headers[name]!)
  const body = reply.body === undefined ? undefined : bytesOf(reply)
  if (body !== undefined)
    head.push("Content-Type", "application/json; charset=utf-8", "Content-Length", String(typeof body === "string" ? Buffer.byteLength(body) : body.length))
  const security = takeSecurityHeaders(res)
  if (security !== undefined)
    for (let i = 0; i < security.length; i += 2) if (!setByReply(reply, security[i]!)) head.push(security[i]!, security[i + 1]!)
  res.writeHead(reply.status, head)
  res.end(body)
}

// A header the route set itself wins over the default of the same name.
const setByReply = (reply: Reply, name: string): boolean => {
  if (reply.headers === undefined) return false
  const lower = name.toLowerCase()
  for (const own in reply.headers) if (own.toLowerCase() === lower) return true
  return false
}

// As `Effect.result` sorts outcomes: a refusal (a typed failure, no defect) becomes a problem; a
// defect or an interruption goes on to the error middleware, squashed as `Effect.runPromise` rejects.
const answer = (req: Request, res: Response, next: NextFunction, exit: Exit.Exit<Reply, ApiRefusal>): void => {
  try {
    if (exit._tag === "Success") return write(res, exit.value)
    const refusal = Cause.hasDies(exit.cause) ? undefined : Cause.findError(exit.cause)
    if (refusal !== undefined && Result.isSuccess(refusal)) return sendProblem(res, refusal.success, req.originalUrl)
    next(Cause.squash(exit.cause))
  } catch (error) {
    next(error)
  }
}

/**
 * Adapts an Effect handler to express. The fiber starts at once and, when the handler does not
 * wait (an inbox read), the reply is written in the same tick, without a promise per request.
 * @example router.get("/mailboxes/:rfc", route((req) => showMailbox(req)))
 * @since 0.1.0
 */
export const route = (handler: (req: Request) => Effect.Effect<Reply, ApiRefusal>): RequestHandler =>
  (req, res, next) => {
    Effect.runFork(handler(req)).addObserver((exit) => answer(req, res, next, exit))
  }
