/**
 * JSON-only bodies with a size limit: a body of another media type is refused (415) before it is
 * read; an oversized one (413) and malformed JSON (400) become problems. A POST without a body
 * reads as `{}`, so routes that take none (`POST /auth/challenge`) need no special case.
 *
 * @since 0.1.0
 */
import express from "express"
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler } from "express"
import { BodyTooLarge, MalformedJson, RequestInvalid, UnsupportedMediaType } from "./refusals.js"
import type { EdgeRefusal } from "./refusals.js"
import { sendProblem } from "./problems.js"

const hasBody = (headers: { readonly [name: string]: string | ReadonlyArray<string> | undefined }): boolean =>
  headers["transfer-encoding"] !== undefined || (headers["content-length"] !== undefined && headers["content-length"] !== "0")

/**
 * Refuses non-JSON bodies (415), then parses JSON up to `limitBytes`. A request without framing
 * headers (every GET the API serves) has no body: it skips both steps, exactly as the parser would
 * skip it, without running the parser's checks on the hot read paths (issue #6's inbox benchmark).
 * The common body, `application/json` in UTF-8 with a `Content-Length` within the limit and no
 * `Content-Encoding`, is read here (`readPlainJson`); any other goes to express's parser.
 * @example app.use(jsonBodies(65_536))
 * @since 0.1.0
 */
export const jsonBodies = (limitBytes: number): RequestHandler => {
  const parse = express.json({ limit: limitBytes, strict: false, type: ["application/json", "application/*+json"] })
  return (req, res, next) => {
    const headers = req.headers
    if (headers["transfer-encoding"] === undefined && headers["content-length"] === undefined) return next()
    const length = plainJsonLength(headers, limitBytes)
    if (length !== undefined) return readPlainJson(req, length, next)
    if (hasBody(headers) && req.is(["application/json", "application/*+json"]) === false)
      return sendProblem(res, new UnsupportedMediaType({ contentType: (req.get("content-type") ?? "").slice(0, 100) }), req.originalUrl)
    parse(req, res, next)
  }
}

const PLAIN_JSON = /^application\/json[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*(?:utf-8|"utf-8")[ \t]*)?$/i
const DIGITS = /^[1-9][0-9]{0,9}$/

/** The declared length of a plain JSON body within the limit, or `undefined` for any other body. */
const plainJsonLength = (headers: Request["headers"], limitBytes: number): number | undefined => {
  const encoding = headers["content-encoding"]
  if (headers["transfer-encoding"] !== undefined || (encoding !== undefined && encoding.toLowerCase() !== "identity")) return undefined
  const type = headers["content-type"], length = headers["content-length"]
  if (type === undefined || length === undefined || !PLAIN_JSON.test(type) || !DIGITS.test(length)) return undefined
  const bytes = Number(length)
  return bytes <= limitBytes ? bytes : undefined // over the limit: express's parser answers 413 without reading it
}

/** A body-parser failure as `bodyErrors` reads it: its `type` and status. */
const bodyFailure = (error: Error, type: string): Error => Object.assign(error, { type, status: 400, statusCode: 400, expose: true })

/**
 * Reads a plain JSON body of `length` bytes into `req.body` as express's parser would (UTF-8 with a
 * leading BOM dropped, any JSON value), failing with the parser's own error types: a body cut short
 * `request.aborted`, a length other than declared `request.size.invalid`, bad JSON `entity.parse.failed`.
 */
const readPlainJson = (req: Request, length: number, next: NextFunction): void => {
  const chunks: Array<Buffer> = []
  let received = 0
  const stop = (): void => {
    req.off("data", onData)
    req.off("end", onEnd)
    req.off("close", onClose)
    req.off("error", onClose)
  }
  const onData = (chunk: Buffer): void => {
    received += chunk.length
    chunks.push(chunk)
  }
  const onClose = (): void => {
    stop()
    next(bodyFailure(new Error("request aborted"), "request.aborted"))
  }
  const onEnd = (): void => {
    stop()
    if (received !== length) return next(bodyFailure(new Error("request size did not match content length"), "request.size.invalid"))
    let text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).toString("utf8")
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    try {
      req.body = text.length === 0 ? {} : JSON.parse(text)
    } catch (error) {
      return next(bodyFailure(error instanceof Error ? error : new SyntaxError(String(error)), "entity.parse.failed"))
    }
    next()
  }
  req.on("data", onData)
  req.on("end", onEnd)
  req.on("close", onClose)
  req.on("error", onClose)
}

/**
 * Maps the body parser's errors (and express's failure to decode a path parameter) to problems;
 * anything else goes on to the defect handler.
 * @example app.use(bodyErrors(65_536))
 * @since 0.1.0
 */
export const bodyErrors = (limitBytes: number): ErrorRequestHandler => (error: unknown, req, res, next) => {
  const type = typeof error === "object" && error !== null ? (error as { type?: unknown }).type : undefined
  const refusal: EdgeRefusal | undefined =
    type === "entity.too.large" ? new BodyTooLarge({ limitBytes })
    : type === "entity.parse.failed" ? new MalformedJson()
    : type === "encoding.unsupported" || type === "charset.unsupported" ? new UnsupportedMediaType({ contentType: (req.get("content-type") ?? "").slice(0, 100) })
    : type === "request.size.invalid" || type === "request.aborted" || type === "stream.encoding.set" ? new RequestInvalid({ issues: "the body could not be read" })
    : error instanceof URIError ? new RequestInvalid({ issues: "the path is not valid percent-encoding" }) // express's parameter decoding
    : undefined
  if (refusal === undefined) return next(error)
  sendProblem(res, refusal, req.originalUrl)
}
