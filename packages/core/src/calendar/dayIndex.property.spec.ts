import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { addBusinessDays, isBusinessDay, makeCalendar, type Closure, type Purpose } from "./calendar.js"
import { isoOfDay, parseIsoDate } from "./civilDay.js"
import { referenceAddBusinessDays, referenceIsBusinessDay } from "./reference.js"
import { cffArt12, cffArt12Literal } from "./ruleSet.js"

const FIRST = parseIsoDate("1990-01-01") as number
const LAST = parseIsoDate("2099-12-31") as number
const params = { seed: 20260311, numRuns: 150 }

const day = fc.integer({ min: FIRST, max: LAST }).map(isoOfDay)
const purpose = fc.constantFrom<Purpose>("procedural", "payment")
const closure: fc.Arbitrary<Closure> = fc
  .record({ from: fc.integer({ min: FIRST, max: LAST }), length: fc.integer({ min: 0, max: 40 }), vacation: fc.boolean() })
  .map(({ from, length, vacation }) => ({
    from: isoOfDay(from), to: isoOfDay(from + length), kind: vacation ? "vacation" : "closure", source: "generated", publishedOn: isoOfDay(from - 30),
  }))
const ruleSet = fc.constantFrom(cffArt12, cffArt12Literal)

// Closures near the day asked, so that they matter to the count.
const nearby = (start: string): fc.Arbitrary<ReadonlyArray<Closure>> =>
  fc.array(fc.record({ offset: fc.integer({ min: -20, max: 400 }), length: fc.integer({ min: 0, max: 30 }), vacation: fc.boolean() }), { maxLength: 6 })
    .map((spans) => spans.map(({ offset, length, vacation }) => {
      const from = (parseIsoDate(start) as number) + offset
      return { from: isoOfDay(from), to: isoOfDay(from + length), kind: vacation ? "vacation" : "closure", source: "generated", publishedOn: "1980-01-01" } as const
    }))

describe("the day index equals the day-by-day reference", () => {
  it("the n-th business day after a random day, for random counts, closure sets and purposes", () =>
    fc.assert(
      fc.property(day.chain((d) => fc.tuple(fc.constant(d), nearby(d))), fc.integer({ min: 0, max: 300 }), purpose, ruleSet,
        ([start, closures], n, p, rules) => {
          const calendar = makeCalendar({ closures, ruleSet: rules })
          expect(addBusinessDays(calendar, start, n, p)).toBe(referenceAddBusinessDays(calendar, start, n, p))
        }),
      params,
    ))

  it("is-business-day for random days and closure sets anywhere in 1990–2099", () =>
    fc.assert(
      fc.property(fc.array(closure, { maxLength: 20 }), fc.array(day, { minLength: 1, maxLength: 30 }), purpose, (closures, days, p) => {
        const calendar = makeCalendar({ closures })
        for (const d of days) expect(isBusinessDay(calendar, d, p)).toBe(referenceIsBusinessDay(calendar, d, p))
      }),
      params,
    ))

  it("n business days forward then n back returns to the last business day on or before the start", () =>
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 500 }), purpose, (start, n, p) => {
        const calendar = makeCalendar()
        const back = addBusinessDays(calendar, addBusinessDays(calendar, start, n, p), -n, p)
        const onOrBefore = isBusinessDay(calendar, start, p) ? start : addBusinessDays(calendar, start, -1, p)
        expect(back).toBe(onOrBefore)
      }),
      params,
    ))

  it("the n-th business day for payment is never later than for procedural", () =>
    fc.assert(
      fc.property(day.chain((d) => fc.tuple(fc.constant(d), nearby(d))), fc.integer({ min: 0, max: 300 }), ([start, closures], n) => {
        const calendar = makeCalendar({ closures })
        expect(addBusinessDays(calendar, start, n, "payment") <= addBusinessDays(calendar, start, n, "procedural")).toBe(true)
      }),
      params,
    ))
})
