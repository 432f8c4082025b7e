import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type Calendar, type Closure, dayNumberOf, isBusinessDay, makeCalendar } from "../calendar/calendar.js"
import { AclaracionOutOfTime, AnswerBeforeFiling, pagoCedulaWithAclaracion, stoppedPaymentEnd } from "./aclaracion.js"
import { plazos } from "./plazos.js"

const closure = (from: string, to: string, kind: Closure["kind"]): Closure => ({ from, to, kind, source: `test: ${kind} ${from}`, publishedOn: "2026-01-05" })
const cal2026 = makeCalendar({ closures: [closure("2026-04-02", "2026-04-03", "closure")] }) // Jueves y Viernes Santo
const summer = makeCalendar({ closures: [closure("2026-07-13", "2026-07-24", "vacation")] })
const versions = (cal: Calendar) => ({ basis: "LSS art. 39-D; LSS art. 39-C; RACERF art. 3", ruleSetVersion: cal.ruleSetVersion, calendarVersion: cal.version })
const endOf = (day: string): number => Date.parse(`${day}T23:59:59.999-06:00`)

describe("LSS art. 39-D: filing window (effect Thu 2026-03-19; 5th procedural day Thu 26)", () => {
  const effectiveOn = "2026-03-19"
  it.each(["2026-03-27", "2026-03-18"])("a filing on %s is refused", (aclaracionFiledOn) =>
    expect(pagoCedulaWithAclaracion(cal2026, { effectiveOn, aclaracionFiledOn })).toEqual(
      new AclaracionOutOfTime({ effectiveOn, filedOn: aclaracionFiledOn, lastDayOn: "2026-03-26" })))
  it("an answer dated before the filing is refused", () =>
    expect(pagoCedulaWithAclaracion(cal2026, { effectiveOn, aclaracionFiledOn: "2026-03-25", answeredOn: "2026-03-24" })).toEqual(
      new AnswerBeforeFiling({ filedOn: "2026-03-25", answeredOn: "2026-03-24" })))
})

describe("LSS art. 39-D: answer period and the payment plazo (effect Thu 2026-03-19, filed Fri 20)", () => {
  const input = { effectiveOn: "2026-03-19", aclaracionFiledOn: "2026-03-20" }
  // 20 procedural days after Fri 20 Mar: 23–27 (5), 30–31 (7), 1 Apr (8), [2–3 Apr closed], 6–10 (13), 13–17 (18), 20 (19), 21 (20).
  const unchanged = { answerDueOn: "2026-04-21", suspended: false, endsOn: "2026-04-13", endsAt: endOf("2026-04-13"), ...versions(cal2026) }
  it("answered in time: the ordinary payment plazo", () => {
    expect(pagoCedulaWithAclaracion(cal2026, { ...input, answeredOn: "2026-04-10" })).toEqual(unchanged)
    expect(unchanged.endsOn).toBe(plazos(cal2026, input.effectiveOn).pagoCedula.endsOn)
  })
  it("answered late or not at all: still the ordinary plazo, which ran out on 13 Apr, before 21 Apr", () => {
    expect(pagoCedulaWithAclaracion(cal2026, { ...input, answeredOn: "2026-05-04" })).toEqual(unchanged)
    expect(pagoCedulaWithAclaracion(cal2026, input)).toEqual(unchanged)
  })
  it("a long closure moves both counts alike, and a vacation only the answer period: never suspended", () => {
    const closed = makeCalendar({ closures: [closure("2026-03-23", "2026-04-30", "closure")] })
    // 1 and 5 May are holidays. Payment: Fri 20 Mar (1), 4 May (2), 6–8 (5), 11–15 (10), 18–22 (15) → Fri 22 → Mon 25 May.
    // Answer: 4 May (1), 6–8 (4), 11–15 (9), 18–22 (14), 25–29 (19), Mon 1 Jun (20).
    expect(pagoCedulaWithAclaracion(closed, input)).toEqual({
      answerDueOn: "2026-06-01", suspended: false, endsOn: "2026-05-25", endsAt: endOf("2026-05-25"), ...versions(closed) })
    // Vacations count for payment: 20 Mar (1), 23–27 (6), 30–31 (8), 1–3 Apr (11), 6–9 (15) → Thu 9 Apr.
    const vacation = makeCalendar({ closures: [closure("2026-03-23", "2026-04-30", "vacation")] })
    expect(pagoCedulaWithAclaracion(vacation, input)).toEqual({
      answerDueOn: "2026-06-01", suspended: false, endsOn: "2026-04-09", endsAt: endOf("2026-04-09"), ...versions(vacation) })
  })
})

describe("stoppedPaymentEnd: the count standing still (the arithmetic a suspension uses)", () => {
  const day = dayNumberOf, iso = (n: number | undefined) => (n === undefined ? undefined : summer.days.iso(n))
  it("stops after Fri 26 Jun with 4 days counted, resumes after Thu 9 Jul and lands on Fri 24 Jul → Mon 27", () =>
    // From effect Mon 22 Jun: 23–26 Jun (4). Then 11 more: 10 Jul (1), 13–17 (6, vacation counts for payment), 20–24 (11) → Fri 24 → Mon 27.
    expect(iso(stoppedPaymentEnd(summer, day("2026-06-22"), 15, day("2026-06-26"), day("2026-07-09")))).toBe("2026-07-27"))
  it("a count that is over by the stop is not affected", () =>
    expect(iso(stoppedPaymentEnd(summer, day("2026-06-22"), 15, day("2026-07-13"), day("2026-08-31")))).toBeUndefined())
})

// ---- reference: a plain day-by-day loop over ISO dates, using only isBusinessDay ----
const DAY = 86_400_000
const addDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10)
const isFriday = (d: string): boolean => new Date(`${d}T00:00:00Z`).getUTCDay() === 5
const nthRef = (cal: Calendar, from: string, n: number, purpose: "procedural" | "payment"): string => {
  let d = from
  for (let k = 0; k < n;) if (isBusinessDay(cal, (d = addDays(d, 1)), purpose)) k++
  return d
}
/** 15 payment days after `effect`, not counting days after `stop` up to and including `resumeAfter`; "open" if it never resumes. */
const paymentRef = (cal: Calendar, effect: string, stop: string, resumeAfter: string | undefined) => {
  let d = effect, counted = 0, suspended = false
  while (counted < 15) {
    d = addDays(d, 1)
    if (d > stop) {
      suspended = true
      if (resumeAfter === undefined) return { suspended, endsOn: undefined }
      if (d <= resumeAfter) continue
    }
    if (isBusinessDay(cal, d, "payment")) counted++
  }
  while (isFriday(d) || !isBusinessDay(cal, d, "payment")) d = addDays(d, 1)
  return { suspended, endsOn: d }
}
const reference = (cal: Calendar, effectiveOn: string, filedOn: string, answeredOn: string | undefined) => {
  const lastDayOn = nthRef(cal, effectiveOn, 5, "procedural")
  if (filedOn < effectiveOn || filedOn > lastDayOn) return { _tag: "AclaracionOutOfTime" }
  const answerDueOn = nthRef(cal, filedOn, 20, "procedural")
  if (answeredOn !== undefined && answeredOn <= answerDueOn) return { answerDueOn, ...paymentRef(cal, effectiveOn, "9999-12-31", undefined) }
  return { answerDueOn, ...paymentRef(cal, effectiveOn, answerDueOn, answeredOn) }
}

const params = { seed: 3917, numRuns: 150 }
const scenario = fc.record({
  effect: fc.integer({ min: 0, max: 700 }).map((n) => addDays("2025-06-01", n)),
  closures: fc.array(fc.record({ offset: fc.integer({ min: -5, max: 50 }), length: fc.integer({ min: 0, max: 30 }), vacation: fc.boolean() }), { maxLength: 4 }),
  filedAfter: fc.integer({ min: -2, max: 12 }),
  answeredAfter: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
})
const calendarOf = (effect: string, spans: ReadonlyArray<{ offset: number; length: number; vacation: boolean }>) =>
  makeCalendar({ closures: spans.map((s) => closure(addDays(effect, s.offset), addDays(effect, s.offset + s.length), s.vacation ? "vacation" : "closure")) })

describe("properties (against the day-by-day reference)", () => {
  it("pagoCedulaWithAclaracion agrees with the reference, and read literally is never suspended", () =>
    fc.assert(fc.property(scenario, (s) => {
      const cal = calendarOf(s.effect, s.closures)
      const filedOn = addDays(s.effect, s.filedAfter), answeredOn = s.answeredAfter === undefined ? undefined : addDays(filedOn, s.answeredAfter)
      const got = pagoCedulaWithAclaracion(cal, answeredOn === undefined ? { effectiveOn: s.effect, aclaracionFiledOn: filedOn } : { effectiveOn: s.effect, aclaracionFiledOn: filedOn, answeredOn })
      const want = reference(cal, s.effect, filedOn, answeredOn)
      if ("_tag" in got) expect({ _tag: got._tag }).toEqual(want)
      else {
        expect({ answerDueOn: got.answerDueOn, suspended: got.suspended, endsOn: got.endsOn }).toEqual(want)
        expect([got.suspended, got.endsOn]).toEqual([false, plazos(cal, s.effect).pagoCedula.endsOn])
      }
    }), params))

  it("stoppedPaymentEnd skips exactly the suspended span", () =>
    fc.assert(fc.property(scenario, fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 40 }), (s, stopAfter, gap) => {
      const cal = calendarOf(s.effect, s.closures)
      const stop = addDays(s.effect, stopAfter), resumeAfter = addDays(stop, gap)
      const got = stoppedPaymentEnd(cal, dayNumberOf(s.effect), 15, dayNumberOf(stop), dayNumberOf(resumeAfter))
      const want = paymentRef(cal, s.effect, stop, resumeAfter)
      expect(got === undefined ? { suspended: false } : { suspended: true, endsOn: cal.days.iso(got) }).toEqual(
        want.suspended ? want : { suspended: false })
    }), params))
})
