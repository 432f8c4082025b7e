import { Effect, Result } from "effect"
import { StreamVersionMismatch, UnknownContact } from "@buzon/core"
import type { Request } from "express"
import { describe, expect, it } from "vitest"
import { etagOf, ifMatchOf, underIfMatch } from "./etag.js"
import { PreconditionFailed } from "./refusals.js"

// A request is only asked for its If-Match header here: a plain object answering `get` is the request's whole surface.
const withIfMatch = (value: string | undefined) => ({ get: (name: string) => (name === "if-match" ? value : undefined) }) as unknown as Request

/** A change as the core makes it: applied only at `at` when a version is pinned, else StreamVersionMismatch. */
const changeAt = (at: number, pins: Array<number | undefined>) => (expectedVersion: number | undefined) => {
  pins.push(expectedVersion)
  return expectedVersion === undefined || expectedVersion === at
    ? Effect.succeed("changed")
    : Effect.fail(new StreamVersionMismatch({ streamName: "mailbox-EKU9003173C9", expectedVersion, actualVersion: at }))
}
const outcome = (value: string | undefined, at: number) => {
  const pins: Array<number | undefined> = []
  let reads = 0
  const current = Effect.sync(() => (reads++, at))
  const result = Effect.runSync(Effect.result(underIfMatch(withIfMatch(value), current, changeAt(at, pins))))
  return { result, pins, reads }
}

describe("ETag and If-Match (RFC 9110 §13.1.1, weak comparison)", () => {
  it("sends versions as weak ETags", () => expect(etagOf(7)).toBe('W/"7"'))

  it("reads the versions an If-Match names, weak or strong; none for absent or *, and none for tags that are not ours", () => {
    expect([undefined, "*", " * "].map((h) => ifMatchOf(withIfMatch(h)))).toEqual([undefined, undefined, undefined])
    expect(ifMatchOf(withIfMatch('W/"2", "4" ,"abc", "03", W/""'))).toEqual({ header: 'W/"2", "4" ,"abc", "03", W/""', versions: [2, 4] })
  })

  it("pins nothing without If-Match or with *, and reads nothing", () => {
    for (const header of [undefined, "*"]) expect(outcome(header, 3)).toEqual({ result: Result.succeed("changed"), pins: [undefined], reads: 0 })
  })

  it("pins the one version named, weak or strong, without reading the resource first", () => {
    for (const header of ['W/"3"', '"3"', 'W/"3", "abc"']) expect(outcome(header, 3)).toEqual({ result: Result.succeed("changed"), pins: [3], reads: 0 })
  })

  it("answers the core's mismatch as PreconditionFailed with the stream's current ETag", () =>
    expect(outcome('W/"2"', 3)).toEqual({ result: Result.fail(new PreconditionFailed({ currentETag: 'W/"3"', ifMatch: 'W/"2"' })), pins: [2], reads: 0 }))

  it("matches a list against the version read and pins that version", () =>
    expect(outcome('W/"1", W/"3"', 3)).toEqual({ result: Result.succeed("changed"), pins: [3], reads: 1 }))

  it("fails with the current ETag, changing nothing, when no listed tag names the current version", () => {
    expect(outcome('W/"2", "4"', 3)).toEqual({ result: Result.fail(new PreconditionFailed({ currentETag: 'W/"3"', ifMatch: 'W/"2", "4"' })), pins: [], reads: 1 })
    expect(outcome('"abc"', 3)).toEqual({ result: Result.fail(new PreconditionFailed({ currentETag: 'W/"3"', ifMatch: '"abc"' })), pins: [], reads: 1 })
  })

  it("passes the change's other refusals through", () => {
    const refused = underIfMatch(withIfMatch('W/"3"'), Effect.succeed(3), () => Effect.fail(new UnknownContact({ contactId: "c-1" })))
    expect(Effect.runSync(Effect.result(refused))).toEqual(Result.fail(new UnknownContact({ contactId: "c-1" })))
  })
})
