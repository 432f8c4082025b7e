import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { isoOfDay } from "./civilDay.js"
import { zoneClock } from "./zoneClock.js"

const zones = ["America/Mexico_City", "America/Ciudad_Juarez", "America/Tijuana", "America/Cancun", "America/Hermosillo", "America/Matamoros"]
const params = { seed: 1022, numRuns: 3000 }
const clocks = zones.map((zone) => zoneClock(zone)!)

describe("the integer zone clock agrees with luxon", () => {
  it("local day and time of day of random instants 1970–2105, including around transitions", () =>
    fc.assert(fc.property(fc.constantFrom(...clocks), fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2105, 0, 1) }), (clock, instant) => {
      const local = DateTime.fromMillis(instant, { zone: clock.zone })
      expect([isoOfDay(clock.dayOf(instant)), clock.timeOfDayOf(instant), clock.offsetAt(instant)]).toEqual([
        local.toISODate(), ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond, local.offset * 60_000,
      ])
    }), params))

  it("instants of 09:30 and 23:59:59.999 local on random days", () =>
    fc.assert(fc.property(fc.constantFrom(...clocks), fc.integer({ min: 0, max: 49_000 }), fc.constantFrom(34_200_000, 86_399_999), (clock, day, msOfDay) => {
      const time = msOfDay === 34_200_000 ? "09:30:00.000" : "23:59:59.999"
      const expected = DateTime.fromISO(`${isoOfDay(day)}T${time}`, { zone: clock.zone })
      expect(clock.instantOf(day, msOfDay)).toBe(expected.toMillis())
    }), params))

  it("Mexico City 1996–2022 around 02:00 local of every day (when summer time began and ended)", () => {
    const clock = clocks[0]!
    const mismatches: Array<number> = []
    for (let day = Date.UTC(1996, 0, 1); day < Date.UTC(2023, 0, 1); day += 86_400_000)
      for (const t of [day + 6.5 * 3_600_000, day + 7.5 * 3_600_000, day + 8 * 3_600_000 - 1, day + 8 * 3_600_000])
        if (clock.offsetAt(t) !== DateTime.fromMillis(t, { zone: clock.zone }).offset * 60_000) mismatches.push(t)
    expect(mismatches).toEqual([])
  })
})
