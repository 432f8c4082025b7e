/** A small aggregate for the command path's own specs: a tally of distinct keys, at most three. */
import { Data } from "effect"
import type { Aggregate, CommandOptions } from "../../packages/core/src/app/handle.js"

export class Add extends Data.TaggedClass("Add")<{ readonly key: string }> {}
export class Added extends Data.TaggedClass("Added")<{ readonly key: string; readonly at: number }> {}
export class TallyFull extends Data.TaggedError("TallyFull")<{ readonly keys: ReadonlyArray<string> }> {}

export const tally: Aggregate<Add, Added, ReadonlyArray<string>, TallyFull> = {
  decider: {
    initialState: [],
    decide: (command, keys, ctx) => {
      if (keys.includes(command.key)) return []
      if (keys.length >= 3) return new TallyFull({ keys })
      return [new Added({ key: command.key, at: ctx.now })]
    },
    evolve: (keys, event) => [...keys, event.key],
  },
  codec: {
    encode: (event) => ({ type: event._tag, data: { key: event.key, at: event.at } }),
    decode: (_type, data) => {
      const { key, at } = data as { key: string; at: number }
      return new Added({ key, at })
    },
  },
}

export const NOW = Date.parse("2026-03-11T16:00:00Z")
export const options: CommandOptions = {
  calendar: { version: "cal-test-1" } as CommandOptions["calendar"],
  actor: { kind: "efirma", identity: { rfc: "EKU9003173C9", certificateNumber: "30001000000500003415", legalName: "ESCUELA KEMPER URGATE" } },
  commandId: "cmd-1",
  ruleSetVersion: "rules-2026.1",
}

