import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { makeCalendar, type Calendar, type Closure } from "../calendar/calendar.js"
import { isoOfDay } from "../calendar/civilDay.js"
import { referenceAddBusinessDays, referenceIsBusinessDay } from "../calendar/reference.js"
import { madeAtOnOpening } from "./notified.js"
import { timeline } from "./timeline.js"

const params = { seed: 4242, numRuns: 200 }
const FROM = Date.parse("1990-01-01T06:00:00Z")
const TO = Date.parse("2099-12-01T06:00:00Z")
const HOUR = 3_600_000
const zones = ["America/Mexico_City", "America/Ciudad_Juarez", "America/Tijuana", "America/Cancun"] as const

const instant = fc.integer({ min: FROM, max: TO })
const closuresNear = (t: number): fc.Arbitrary<ReadonlyArray<Closure>> =>
  fc.array(fc.record({ offset: fc.integer({ min: -10, max: 60 }), length: fc.integer({ min: 0, max: 15 }), vacation: fc.boolean() }), { maxLength: 4 })
    .map((spans) => spans.map(({ offset, length, vacation }) => {
      const from = Math.floor(t / 86_400_000) + offset
      return { from: isoOfDay(from), to: isoOfDay(from + length), kind: vacation ? "vacation" : "closure", source: "generated", publishedOn: "1980-01-01" } as const
    }))
const scenario = instant.chain((deposited) =>
  fc.record({ deposited: fc.constant(deposited), closures: closuresNear(deposited), zone: fc.constantFrom(...zones) }))
const calendarOf = (s: { closures: ReadonlyArray<Closure>; zone: string }): Calendar => makeCalendar({ closures: s.closures, zone: s.zone })

// Independent of the integer zone clock: luxon per call.
const local = (calendar: Calendar, t: number) => DateTime.fromMillis(t, { zone: calendar.zone })
const dayIn = (calendar: Calendar, t: number): string => local(calendar, t).toISODate() as string
const insideWindow = (calendar: Calendar, t: number): boolean => {
  const l = local(calendar, t)
  const minutes = l.hour * 60 + l.minute
  return minutes >= 570 && minutes < 1080 && referenceIsBusinessDay(calendar, l.toISODate() as string, "procedural")
}
const at0930 = (calendar: Calendar, day: string): number => DateTime.fromISO(`${day}T09:30`, { zone: calendar.zone }).toMillis()

describe("the plazos memo (one per calendar and effect day)", () => {
  it("a calendar shared by many acts answers the plazos a fresh calendar computes, in any order of days", () => {
    const shared = makeCalendar({ closures: [{ from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "test", publishedOn: "2026-01-05" }] })
    fc.assert(fc.property(fc.integer({ min: Date.parse("2025-06-01T06:00:00Z"), max: Date.parse("2027-06-01T06:00:00Z") }), (deposited) => {
      const fresh = makeCalendar({ closures: shared.closures })
      expect(timeline({ deposited, calendar: shared }).plazos).toEqual(timeline({ deposited, calendar: fresh }).plazos)
    }), { seed: 77, numRuns: 400 })
  })
  it("is per calendar: the same effect day under another calendar gets that calendar's plazos", () => {
    const withClosure = makeCalendar({ closures: [{ from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "test", publishedOn: "2026-01-05" }] })
    const without = makeCalendar()
    const ends = (calendar: Calendar) => {
      const p = timeline({ deposited: Date.parse("2026-03-11T10:00:00-06:00"), calendar }).plazos
      return [p.inconformidad.endsOn, p.inconformidad.calendarVersion]
    }
    expect([ends(withClosure), ends(without), ends(withClosure)]).toEqual([
      ["2026-04-13", withClosure.version], ["2026-04-09", without.version], ["2026-04-13", withClosure.version],
    ])
  })
})

describe("timeline properties (DOMAIN §3)", () => {
  it("the aviso is inside a window, not before the deposit, and the deposit itself when that is inside", () =>
    fc.assert(fc.property(scenario, (s) => {
      const calendar = calendarOf(s)
      const { avisoAt } = timeline({ deposited: s.deposited, calendar })
      expect(insideWindow(calendar, avisoAt)).toBe(true)
      expect(avisoAt >= s.deposited).toBe(true)
      const day = dayIn(calendar, s.deposited)
      const l = local(calendar, s.deposited)
      const expected = insideWindow(calendar, s.deposited)
        ? s.deposited
        : referenceIsBusinessDay(calendar, day, "procedural") && l.hour * 60 + l.minute < 570
          ? at0930(calendar, day) // before 09:30 on a business day: that day's opening
          : at0930(calendar, referenceAddBusinessDays(calendar, day, 1, "procedural"))
      expect(avisoAt).toBe(expected)
    }), params))

  it("the deemed instant is 09:30 of exactly the 4th business day after the aviso day; day 3 is the last to open", () =>
    fc.assert(fc.property(scenario, (s) => {
      const calendar = calendarOf(s)
      const t = timeline({ deposited: s.deposited, calendar })
      const avisoDay = dayIn(calendar, t.avisoAt)
      expect([t.deemedAt, t.openUntil, t.basis, t.madeAt]).toEqual([
        at0930(calendar, referenceAddBusinessDays(calendar, avisoDay, 4, "procedural")),
        referenceAddBusinessDays(calendar, avisoDay, 3, "procedural"), "deemed", t.deemedAt,
      ])
    }), params))

  it("an opening inside a window is made then; outside, at 09:30 of the next business day after its date (non-monotonic)", () =>
    fc.assert(fc.property(scenario, (s) => {
      const calendar = calendarOf(s)
      const expected = insideWindow(calendar, s.deposited)
        ? s.deposited
        : at0930(calendar, referenceAddBusinessDays(calendar, dayIn(calendar, s.deposited), 1, "procedural"))
      expect(madeAtOnOpening(calendar, s.deposited)).toBe(expected)
    }), params))

  it("madeAt is never before an opening nor after the deemed instant; openings from the deemed instant change nothing", () =>
    fc.assert(fc.property(scenario, fc.integer({ min: 0, max: 15 * 24 * HOUR }), (s, delay) => {
      const calendar = calendarOf(s)
      const opened = s.deposited + delay
      const t = timeline({ deposited: s.deposited, opened, calendar })
      expect(t.madeAt <= t.deemedAt).toBe(true)
      if (opened < t.deemedAt) expect(t.madeAt >= opened).toBe(true)
      else expect([t.basis, t.madeAt]).toEqual(["deemed", t.deemedAt])
      expect(t.basis === "opened").toBe(opened < t.deemedAt && madeAtOnOpening(calendar, opened) <= t.deemedAt)
    }), params))

  it("a later deposit never gives an earlier madeAt (never opened, or opened at the same instant)", () =>
    fc.assert(fc.property(scenario, fc.integer({ min: 0, max: 10 * 24 * HOUR }), fc.integer({ min: 0, max: 10 * 24 * HOUR }), (s, later, openDelay) => {
      const calendar = calendarOf(s)
      const second = s.deposited + later
      const opened = second + openDelay
      expect(timeline({ deposited: second, calendar }).madeAt >= timeline({ deposited: s.deposited, calendar }).madeAt).toBe(true)
      expect(timeline({ deposited: second, opened, calendar }).madeAt >= timeline({ deposited: s.deposited, opened, calendar }).madeAt).toBe(true)
    }), params))

  it("effectiveOn is the first business day after the made day; every plazo ends on a business day of its purpose, payment never on a Friday", () =>
    fc.assert(fc.property(scenario, fc.option(fc.integer({ min: 0, max: 8 * 24 * HOUR }), { nil: undefined }), (s, delay) => {
      const calendar = calendarOf(s)
      const t = timeline(delay === undefined ? { deposited: s.deposited, calendar } : { deposited: s.deposited, opened: s.deposited + delay, calendar })
      expect(t.madeOn).toBe(dayIn(calendar, t.madeAt))
      expect(t.effectiveOn).toBe(referenceAddBusinessDays(calendar, t.madeOn, 1, "procedural"))
      for (const plazo of Object.values(t.plazos)) {
        expect(referenceIsBusinessDay(calendar, plazo.endsOn, plazo.purpose)).toBe(true)
        expect(plazo.endsAt).toBe(DateTime.fromISO(`${plazo.endsOn}T23:59:59.999`, { zone: calendar.zone }).toMillis())
        if (plazo.purpose === "payment") expect(DateTime.fromISO(plazo.endsOn).weekday).not.toBe(5)
        else expect(plazo.endsOn).toBe(referenceAddBusinessDays(calendar, t.effectiveOn, plazo.days, "procedural"))
      }
      const paid = referenceAddBusinessDays(calendar, t.effectiveOn, 15, "payment")
      expect(t.plazos.pagoCedula.endsOn >= paid).toBe(true)
    }), params))
})
