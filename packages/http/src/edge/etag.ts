/**
 * Versions as weak ETags (`W/"<version>"`) and `If-Match` (RFC 9110 §13.1.1): a change sent with
 * the version it was based on fails with 412 when the resource moved on, instead of overwriting.
 *
 * The check is not made here against a version read beforehand: the version `If-Match` names is
 * pinned in the command (`expectedVersion`), and the core decides and appends at that version in
 * one step (`handleCommand`), so a write that lands between the read and the append is a 412 too.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { StreamVersionMismatch } from "@buzon/core"
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
 * What an `If-Match` asks: `undefined` when it is absent or `*` (any version will do); otherwise the
 * header as sent and the versions its entity tags name. Weak and strong tags compare alike (weak
 * comparison, RFC 9110 §8.8.3.2); a tag that is not one of ours (`"abc"`, `"03"`) names no version.
 * @example ifMatchOf(requestWithIfMatch('W/"2", "4"')) // => { header: 'W/"2", "4"', versions: [2, 4] }
 * @since 0.1.0
 */
export const ifMatchOf = (req: Request): { readonly header: string; readonly versions: ReadonlyArray<number> } | undefined => {
  const header = req.get("if-match")
  if (header === undefined || header.trim() === "*") return undefined
  const versions = header.split(",").map(opaque).flatMap((tag) => {
    const digits = /^"(0|[1-9]\d{0,14})"$/.exec(tag)?.[1]
    return digits === undefined ? [] : [Number(digits)]
  })
  return { header, versions }
}

const preconditionFailed = (version: number, header: string) => new PreconditionFailed({ currentETag: etagOf(version), ifMatch: header.slice(0, 100) })

/**
 * Runs a change under the request's `If-Match`, as one step with the core: `change` gets the version
 * to pin (`undefined` without `If-Match` or with `*`) and the core's `StreamVersionMismatch` comes out
 * as `PreconditionFailed` (412) with the stream's current ETag. One named version is pinned as it is;
 * a list (or tags that name no version) is matched against `current` first, and the version read is pinned.
 * @example yield* underIfMatch(req, currentVersion, (expectedVersion) => backend.verifyContact(identity, rfc, contactId, code, expectedVersion))
 * @since 0.1.0
 */
export const underIfMatch = <A, E extends { readonly _tag: string }, R>(
  req: Request,
  current: Effect.Effect<number, R>,
  change: (expectedVersion: number | undefined) => Effect.Effect<A, E>,
): Effect.Effect<A, Exclude<E, StreamVersionMismatch> | R | PreconditionFailed> => {
  const ifMatch = ifMatchOf(req)
  if (ifMatch === undefined) return change(undefined) as Effect.Effect<A, Exclude<E, StreamVersionMismatch>>
  const { header, versions } = ifMatch
  const pinned: Effect.Effect<number, R | PreconditionFailed> = versions.length === 1
    ? Effect.succeed(versions[0]!)
    : Effect.flatMap(current, (version) => (versions.includes(version) ? Effect.succeed(version) : Effect.fail(preconditionFailed(version, header))))
  return Effect.flatMap(pinned, (expectedVersion) =>
    Effect.catch(change(expectedVersion), (error): Effect.Effect<never, Exclude<E, StreamVersionMismatch> | PreconditionFailed> =>
      isMismatch(error) ? Effect.fail(preconditionFailed(error.actualVersion, header)) : Effect.fail(error as Exclude<E, StreamVersionMismatch>)))
}

const isMismatch = (error: { readonly _tag: string }): error is StreamVersionMismatch => error._tag === "StreamVersionMismatch"
