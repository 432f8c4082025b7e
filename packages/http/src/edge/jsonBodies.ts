/**
 * JSON-only bodies with a size limit: a body of another media type is refused (415) before it is
 * read; an oversized one (413) and malformed JSON (400) become problems. A POST without a body
 * reads as `{}`, so routes that take none (`POST /auth/challenge`) need no special case.
 *
 * @since 0.1.0
 */
import express from "express"
import type { ErrorRequestHandler, RequestHandler } from "express"
import { BodyTooLarge, MalformedJson, RequestInvalid, UnsupportedMediaType } from "./refusals.js"
import type { EdgeRefusal } from "./refusals.js"
import { sendProblem } from "./problems.js"

const hasBody = (headers: { readonly [name: string]: string | ReadonlyArray<string> | undefined }): boolean =>
  headers["transfer-encoding"] !== undefined || (headers["content-length"] !== undefined && headers["content-length"] !== "0")

/**
 * Refuses non-JSON bodies (415), then parses JSON up to `limitBytes`. A request without framing
 * headers (every GET the API serves) has no body: it skips both steps, exactly as the parser would
 * skip it, without running the parser's checks on the hot read paths (issue #6's inbox benchmark).
 * @example app.use(jsonBodies(65_536))
 * @since 0.1.0
 */
export const jsonBodies = (limitBytes: number): RequestHandler => {
  const parse = express.json({ limit: limitBytes, strict: false, type: ["application/json", "application/*+json"] })
  return (req, res, next) => {
    if (req.headers["transfer-encoding"] === undefined && req.headers["content-length"] === undefined) return next()
    if (hasBody(req.headers) && req.is(["application/json", "application/*+json"]) === false)
      return sendProblem(res, new UnsupportedMediaType({ contentType: (req.get("content-type") ?? "").slice(0, 100) }), req.originalUrl)
    parse(req, res, next)
  }
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
