import { describe, expect, it } from "vitest"
import { makeDevClock } from "./devClock.js"

describe("development clock", () => {
  it("answers the instant set, then runs on with real time", () => {
    let real = 1_000
    const clock = makeDevClock(() => real)
    expect(clock.now()).toBe(1_000)
    clock.set(Date.parse("2026-12-04T15:30:00Z"))
    real += 250
    expect(clock.now()).toBe(Date.parse("2026-12-04T15:30:00.250Z"))
  })
})
