import { Data, Schema } from "effect"
import { describe, expect, it } from "vitest"
import type { Decider } from "../app/decider.js"
import { deciderSpec, expectIdempotent, plainValue } from "./deciderSpec.js"

// A one-switch aggregate, small enough that each outcome of the DSL can be forced.
class SwitchedOn extends Schema.TaggedClass<SwitchedOn>()("SwitchedOn", { at: Schema.Number }) {}
class Bumped extends Schema.TaggedClass<Bumped>()("Bumped", { at: Schema.Number }) {}
type Event = SwitchedOn | Bumped
type Command = { readonly _tag: "SwitchOn" } | { readonly _tag: "Bump" } | { readonly _tag: "Refuse" }
class Refused extends Data.TaggedError("Refused")<{ readonly at: number }> {
  override get message() { return `refused at ${this.at}` }
}
interface Ctx { readonly now: number }
const decider: Decider<Command, Event, boolean, Refused, Ctx> = {
  initialState: false,
  decide: (command, on, { now }) => {
    if (command._tag === "SwitchOn") return on ? [] : [new SwitchedOn({ at: now })]
    if (command._tag === "Bump") return [new Bumped({ at: now })] // never idempotent, on purpose
    return new Refused({ at: now })
  },
  evolve: (on, event) => on || event._tag === "SwitchedOn",
}
const spec = deciderSpec(decider)
const failureOf = (run: () => void): { readonly actual?: unknown; readonly expected?: unknown } => {
  try { run() } catch (error) { return error as { actual?: unknown; expected?: unknown } }
  return expect.fail("the specification passed, but it should have failed")
}
const ctx = { now: 1_000 }

describe("deciderSpec", () => {
  it("passes when the events are exactly the expected ones", () =>
    spec.given([]).when({ _tag: "SwitchOn" }, ctx).then([new SwitchedOn({ at: 1_000 })]))

  it("fails when a field differs", () =>
    expect(() => spec.given([]).when({ _tag: "SwitchOn" }, ctx).then([new SwitchedOn({ at: 999 })])).toThrow(/999/))

  it("fails when the event is of another class with the same fields", () =>
    expect(() => spec.given([]).when({ _tag: "SwitchOn" }, ctx).then([new Bumped({ at: 1_000 })])).toThrow(/Bumped/))

  it("fails then(...) when the command is refused, naming the refusal", () =>
    expect(() => spec.given([]).when({ _tag: "Refuse" }, ctx).then([])).toThrow(/refused: refusal .*Refused/))

  it("passes the events to a callback for the test's own assertions", () => {
    let seen: unknown
    spec.given([]).when({ _tag: "Bump" }, ctx).then((events) => { seen = events })
    expect(seen).toEqual([new Bumped({ at: 1_000 })])
  })

  it("passes thenFails with the whole error, message included", () =>
    spec.given([]).when({ _tag: "Refuse" }, ctx).thenFails(new Refused({ at: 1_000 })))

  it("fails thenFails when the error's fields differ, with both whole values in the diff", () => {
    const failure = failureOf(() => spec.given([]).when({ _tag: "Refuse" }, ctx).thenFails(new Refused({ at: 1 })))
    expect({ actual: failure.actual, expected: failure.expected }).toEqual({
      actual: { _tag: "Refused", message: "refused at 1000", at: 1_000 },
      expected: { _tag: "Refused", message: "refused at 1", at: 1 },
    })
  })

  it("fails thenFails when the command succeeds", () =>
    expect(() => spec.given([]).when({ _tag: "SwitchOn" }, ctx).thenFails(new Refused({ at: 1_000 }))).toThrow(/expected a refusal/))

  it("passes thenNothing when the command was already applied", () =>
    spec.given([new SwitchedOn({ at: 1 })]).when({ _tag: "SwitchOn" }, ctx).thenNothing())

  it("fails thenNothing when the command decides events", () =>
    expect(() => spec.given([]).when({ _tag: "SwitchOn" }, ctx).thenNothing()).toThrow(/SwitchedOn/))
})

describe("expectIdempotent", () => {
  it("returns the first decision when deciding again yields []", () =>
    expect(expectIdempotent(decider, [], { _tag: "SwitchOn" }, ctx)).toEqual([new SwitchedOn({ at: 1_000 })]))

  it("fails when the same command decides events again", () =>
    expect(() => expectIdempotent(decider, [], { _tag: "Bump" }, ctx)).toThrow(/Bumped/))

  it("returns a refusal unchanged", () =>
    expect(expectIdempotent(decider, [], { _tag: "Refuse" }, ctx)).toEqual(new Refused({ at: 1_000 })))
})

describe("plainValue", () => {
  it("keeps the tag, the message of an error and the own fields", () =>
    expect(plainValue([new Refused({ at: 5 }), new Bumped({ at: 6 })])).toEqual([
      { _tag: "Refused", message: "refused at 5", at: 5 },
      { _tag: "Bumped", at: 6 },
    ]))
})
