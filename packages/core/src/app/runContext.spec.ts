import { Clock, Effect, Tracer } from "effect"
import { describe, expect, it } from "vitest"
import { clockFrom } from "./clock.js"
import { runContextOf } from "./runContext.js"
import { makeTestBuzon } from "./testBuzon.js"

/** A tracer that notes the name of every span made under it. */
const recordingTracer = (names: Array<string>): Tracer.Tracer =>
  Tracer.make({
    span(options) {
      names.push(options.name)
      return new Tracer.NativeSpan(options)
    },
  })

const spanned = Effect.succeed("done").pipe(Effect.withSpan("inner"), Effect.withSpan("outer"))

describe("runContextOf", () => {
  it("sends every span to the tracer given, rather than to the caller's", () => {
    const given: Array<string> = []
    const callers: Array<string> = []
    const result = Effect.runSync(Effect.provideContext(spanned, runContextOf({ tracer: recordingTracer(given) })).pipe(Effect.withTracer(recordingTracer(callers))))
    expect(result).toBe("done")
    expect(given).toEqual(["outer", "inner"])
    expect(callers).toEqual([])
  })

  it("leaves the caller's tracer in place when none is given", () => {
    const callers: Array<string> = []
    Effect.runSync(Effect.provideContext(spanned, runContextOf({})).pipe(Effect.withTracer(recordingTracer(callers))))
    expect(callers).toEqual(["outer", "inner"])
  })

  it("provides the clock given, and leaves Effect's own when none is", () => {
    const fixed = Date.parse("2026-03-11T16:00:00Z")
    expect(Effect.runSync(Effect.provideContext(Clock.currentTimeMillis, runContextOf({ clock: clockFrom(() => fixed) })))).toBe(fixed)
    const before = Date.now()
    expect(Effect.runSync(Effect.provideContext(Clock.currentTimeMillis, runContextOf({})))).toBeGreaterThanOrEqual(before)
  })
})

describe("createBuzon({ tracer })", () => {
  it("records the use-case's and the command's spans of a deposit", async () => {
    const names: Array<string> = []
    const t = makeTestBuzon({ start: Date.parse("2026-03-11T16:00:00Z"), tracer: recordingTracer(names) })
    await t.buzon.deposit({ idempotencyKey: "IMSS-1", rfc: "EKU9003173C9", actType: "oficio", reference: "OF-1", contentSha256: "a".repeat(64), issuingUnit: "IMSS" })
    expect(names).toEqual(expect.arrayContaining(["Buzon.deposit", "app.handleCommand"]))
  })
})
