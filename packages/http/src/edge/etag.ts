/**
 * Versions as weak ETags (`W/"<version>"`) and `If-Match` (RFC 9110 §13.1.1): a change sent with
 * the version it was based on fails with 412 when the resource moved on, instead of overwriting.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Request } from "express"
import { PreconditionFailed } from "./refusals.js"

/**
 * The ETag of a version.
 * @example etagOf(3) // => 'W/"3"'
 * @since 0.1.0
 */
export const etagOf = (version: number): string => `W/"${version}"`

const opaque = (tag: string): string => tag.trim().replace(/^W\//, "")

/**
 * Passes when the request has no `If-Match`, `If-Match: *`, or one naming the current version
 * (weak comparison, RFC 9110 §8.8.3.2); otherwise fails with `PreconditionFailed`.
 * @example checkIfMatch(requestWithIfMatch('W/"2"'), 3) // => fails with PreconditionFailed({ currentETag: 'W/"3"', ifMatch: 'W/"2"' })
 * @since 0.1.0
 */
export const checkIfMatch = (req: Request, version: number): Effect.Effect<void, PreconditionFailed> => {
  const header = req.get("if-match")
  if (header === undefined || header.trim() === "*") return Effect.void
  const current = etagOf(version)
  const listed = header.split(",").map(opaque)
  return listed.includes(opaque(current)) ? Effect.void : Effect.fail(new PreconditionFailed({ currentETag: current, ifMatch: header.slice(0, 100) }))
}
