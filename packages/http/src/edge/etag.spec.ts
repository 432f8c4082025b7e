import { Effect, Result } from "effect"
import type { Request } from "express"
import { describe, expect, it } from "vitest"
import { checkIfMatch, etagOf } from "./etag.js"
import { PreconditionFailed } from "./refusals.js"

// A request is only asked for its If-Match header here: a plain object answering `get` is the request's whole surface.
const withIfMatch = (value: string | undefined) => ({ get: (name: string) => (name === "if-match" ? value : undefined) }) as unknown as Request
const outcome = (value: string | undefined, version: number) => Effect.runSync(Effect.result(checkIfMatch(withIfMatch(value), version)))

describe("ETag and If-Match (RFC 9110 §13.1.1, weak comparison)", () => {
  it("sends versions as weak ETags", () => expect(etagOf(7)).toBe('W/"7"'))

  it("passes without If-Match, with *, and with the current version weak or strong, alone or in a list", () => {
    for (const header of [undefined, "*", 'W/"3"', '"3"', 'W/"1", W/"3"']) expect(outcome(header, 3)).toEqual(Result.succeed(undefined))
  })

  it("fails with the current ETag when If-Match names another version", () =>
    expect(outcome('W/"2", "4"', 3)).toEqual(Result.fail(new PreconditionFailed({ currentETag: 'W/"3"', ifMatch: 'W/"2", "4"' }))))
})
