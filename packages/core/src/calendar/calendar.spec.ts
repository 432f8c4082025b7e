import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  addBusinessDays, dayOf, InvalidDate, isBusinessDay, makeCalendar, UnknownZone, type Closure,
} from "./calendar.js"
import { decodeClosures, InvalidClosures } from "./closures.js"
import { isoOfDay, parseIsoDate } from "./civilDay.js"
import { OutsideCalendarRange } from "./dayIndex.js"
import { referenceAddBusinessDays } from "./reference.js"
import { cffArt12, cffArt12Literal, statutoryHolidays } from "./ruleSet.js"

const holyWeek2026: Closure = { from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "DOF 2025-12-15 test instrument", publishedOn: "2025-12-15" }
const summer2026: Closure = { from: "2026-07-13", to: "2026-07-24", kind: "vacation", source: "DOF 2026-01-20 test instrument", publishedOn: "2026-01-20" }
const winter2025: Closure = { from: "2025-12-22", to: "2026-01-06", kind: "vacation", source: "DOF 2025-06-30 test instrument", publishedOn: "2025-06-30" }

describe("statutory rest days (CFF art. 12)", () => {
  it("lists 2026: Monday rules, 5 May, no transmission day", () =>
    expect(statutoryHolidays(cffArt12, 2026).map((h) => h.on)).toEqual([
      "2026-01-01", "2026-02-02", "2026-03-16", "2026-05-01", "2026-05-05", "2026-09-16", "2026-11-16", "2026-12-25",
    ]))

  it("lists 2024 with the transmission day on 1 October (CPEUM art. 83 as reformed)", () =>
    expect(statutoryHolidays(cffArt12, 2024).map((h) => h.on)).toEqual([
      "2024-01-01", "2024-02-05", "2024-03-18", "2024-05-01", "2024-05-05", "2024-09-16", "2024-11-18", "2024-12-25", "2024-10-01",
    ]))

  it("uses the fixed days 5 Feb, 21 Mar and 20 Nov before the 2006 reform, and 1 Dec 2000", () =>
    expect(statutoryHolidays(cffArt12, 2000).map((h) => h.on)).toEqual([
      "2000-01-01", "2000-02-05", "2000-03-21", "2000-05-01", "2000-05-05", "2000-09-16", "2000-11-20", "2000-12-25", "2000-12-01",
    ]))

  it("names each day with its basis", () =>
    expect(statutoryHolidays(cffArt12, 2030).find((h) => h.on === "2030-10-01")).toEqual({
      on: "2030-10-01", name: "Transmisión del Poder Ejecutivo Federal", basis: "CFF art. 12; CPEUM art. 83; LFT art. 74 fr. VII",
    }))

  it.each([
    ["2006-12-01", false, false], // Friday: 1 Dec up to 2018 under both rule sets
    ["2018-12-01", false, false], // Saturday anyway
    ["2024-10-01", false, true], // Tuesday: 1 Oct from 2024; the literal CFF rule keeps it a business day
    ["2030-10-01", false, true],
    ["2030-12-02", true, true], // Monday after the literal 1 Dec (a Sunday): never moved
    ["2012-10-01", true, true], // 1 Oct before 2024 is an ordinary Monday
  ])("transmission day %s: business under cpeum-2024 %s, under the literal CFF %s", (day, reformed, literal) => {
    expect(isBusinessDay(makeCalendar(), day)).toBe(reformed)
    expect(isBusinessDay(makeCalendar({ ruleSet: cffArt12Literal }), day)).toBe(literal)
  })

  it("counts 1 Dec 2024 (Sunday) and 2 Dec 2024 under the literal rule as ordinary days", () =>
    expect(addBusinessDays(makeCalendar({ ruleSet: cffArt12Literal }), "2024-09-30", 1)).toBe("2024-10-01"))
})

describe("closures and purposes (DOMAIN §5)", () => {
  const cal = makeCalendar({ closures: [holyWeek2026, summer2026, winter2025] })

  it("a closure suspends both purposes; a vacation only procedural plazos", () => {
    expect([isBusinessDay(cal, "2026-04-02"), isBusinessDay(cal, "2026-04-02", "payment")]).toEqual([false, false])
    expect([isBusinessDay(cal, "2026-07-15"), isBusinessDay(cal, "2026-07-15", "payment")]).toEqual([false, true])
  })

  it("a vacation spanning the year end closes both years' days", () => {
    expect(addBusinessDays(cal, "2025-12-19", 1)).toBe("2026-01-07")
    expect(addBusinessDays(cal, "2025-12-19", 1, "payment")).toBe("2025-12-22")
    expect(addBusinessDays(cal, "2025-12-31", 1, "payment")).toBe("2026-01-02")
  })

  it("counts backwards with a negative n and returns the day itself for n = 0", () => {
    expect(addBusinessDays(cal, "2026-01-07", -1)).toBe("2025-12-19")
    expect(addBusinessDays(cal, "2026-03-14", 0)).toBe("2026-03-14")
  })

  it("as known on a day, ignores closures published later", () => {
    const before = makeCalendar({ closures: [holyWeek2026, summer2026], knownOn: "2026-01-01" })
    expect([isBusinessDay(before, "2026-04-02"), isBusinessDay(before, "2026-07-15")]).toEqual([false, true])
    expect(before.closures).toEqual([holyWeek2026])
    expect(before.knownOn).toBe("2026-01-01")
  })

  it("changes its version with its closures, its rule set or its zone, and only then", () => {
    const plain = makeCalendar()
    expect(makeCalendar().version).toBe(plain.version)
    expect(plain.version).toMatch(/^cff12\+cpeum83-2024\/[0-9a-f]{8}$/)
    expect(makeCalendar({ closures: [summer2026, holyWeek2026] }).version).toBe(makeCalendar({ closures: [holyWeek2026, summer2026] }).version)
    const others = [
      makeCalendar({ closures: [holyWeek2026] }).version,
      makeCalendar({ closures: [{ ...holyWeek2026, to: "2026-04-02" }] }).version,
      makeCalendar({ ruleSet: cffArt12Literal }).version,
      makeCalendar({ zone: "America/Ciudad_Juarez" }).version,
    ]
    expect(new Set([plain.version, ...others]).size).toBe(5)
    expect(makeCalendar({ ruleSet: cffArt12Literal }).ruleSetVersion).toBe("cff12-literal")
  })

  it("answers far years (1990, 2100) whatever the order of the queries", () => {
    const fresh = makeCalendar()
    expect(addBusinessDays(fresh, "2100-12-24", 1)).toBe("2100-12-27")
    expect(addBusinessDays(fresh, "1990-12-31", 1)).toBe("1991-01-02")
    expect(addBusinessDays(fresh, "2026-03-13", 250)).toBe(referenceAddBusinessDays(fresh, "2026-03-13", 250, "procedural"))
  })
})

describe("days in the zone, never in UTC", () => {
  const cal = makeCalendar()
  it("18:00 in Mexico City is 00:00 UTC of the next day, and still the same civil day", () =>
    expect(dayOf(cal, Date.parse("2026-03-19T00:00:00Z"))).toBe("2026-03-18"))
  it("follows pre-2022 summer time: 2021-07-01 23:30 CDT is 04:30 UTC on 2 July", () => {
    expect(dayOf(cal, Date.parse("2021-07-02T04:30:00Z"))).toBe("2021-07-01")
    expect(dayOf(cal, Date.parse("2021-07-02T05:00:00Z"))).toBe("2021-07-02")
  })
  it("Ciudad Juárez follows US daylight saving time (UTC−6 in July 2026)", () => {
    const juarez = makeCalendar({ zone: "America/Ciudad_Juarez" })
    expect(dayOf(juarez, Date.parse("2026-07-02T05:30:00Z"))).toBe("2026-07-01")
    expect(dayOf(juarez, Date.parse("2026-07-02T06:00:00Z"))).toBe("2026-07-02")
    expect(dayOf(juarez, Date.parse("2026-01-02T06:30:00Z"))).toBe("2026-01-01") // UTC−7 in winter
  })
})

describe("bad input is tagged data", () => {
  it("an unknown zone", () => expect(() => makeCalendar({ zone: "Mars/Olympus" })).toThrow(new UnknownZone({ zone: "Mars/Olympus" })))
  it("a malformed day", () => expect(() => isBusinessDay(makeCalendar(), "2026-02-30")).toThrow(new InvalidDate({ value: "2026-02-30" })))
  it.each([
    [{ closures: "no" }, 'Invalid closures: expected { "closures": [ ... ] }'],
    [{ closures: [{ ...holyWeek2026, from: "2026-4-2" }] }, 'Invalid closures: closures[0].from must be a date YYYY-MM-DD, got "2026-4-2"'],
    [{ closures: [{ ...holyWeek2026, kind: "holiday" }] }, 'Invalid closures: closures[0].kind must be "vacation" or "closure", got "holiday"'],
    [{ closures: [holyWeek2026, { ...holyWeek2026, source: "" }] }, "Invalid closures: closures[1].source must name the publishing instrument"],
    [{ closures: [{ ...holyWeek2026, from: "2026-04-04" }] }, "Invalid closures: closures[0] ends (2026-04-03) before it starts (2026-04-04)"],
  ])("decodeClosures refuses %j", (input, message) => {
    const result = decodeClosures(input)
    expect(Result.isFailure(result) && result.failure).toEqual(new InvalidClosures({ reason: message.replace("Invalid closures: ", "") }))
    expect(Result.isFailure(result) && result.failure.message).toBe(message)
  })
  it("decodeClosures accepts a file's object and a bare array", () => {
    expect(decodeClosures({ closures: [holyWeek2026] })).toEqual(Result.succeed([holyWeek2026]))
    expect(decodeClosures([summer2026])).toEqual(Result.succeed([summer2026]))
  })
})

describe("ISO days", () => {
  it.each([
    ["1970-01-01", 0], ["1970-01-02", 1], ["1969-12-31", -1], ["2000-02-29", 11016], ["2026-03-11", 20523],
    ["1900-02-29", undefined], ["2026-02-29", undefined], ["2026-04-31", undefined], ["2026-13-01", undefined], ["2026-00-10", undefined],
    ["2026-1-01", undefined], ["2026-01-1x", undefined], ["2026/01/01", undefined], ["", undefined], ["+002026-01-01", undefined],
  ])("parseIsoDate(%j) = %j, and formats back", (text, n) => {
    expect(parseIsoDate(text)).toBe(n)
    if (n !== undefined) expect(isoOfDay(n)).toBe(text)
  })
  it("round-trips every day from 1900 to 2200 against Date.UTC", () => {
    for (let n = -25567; n < 84000; n += 1) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10)
      if (isoOfDay(n) !== iso || parseIsoDate(iso) !== n) throw new Error(`day ${n}: ${isoOfDay(n)} / ${iso}`)
    }
  })
})

describe("the calendar's range", () => {
  it("refuses a count that leaves the years 0001–9998 instead of growing without end", () =>
    expect(() => addBusinessDays(makeCalendar(), "9998-12-01", 100)).toThrow(new OutsideCalendarRange({ fromYear: 9997, toYear: 9999 })))
})

describe("instants beyond the range", () => {
  it("refuses a day in year 12000 rather than guessing", () =>
    expect(() => makeCalendar().days.isBusiness(3_725_000, "procedural")).toThrow(new OutsideCalendarRange({ fromYear: 12168, toYear: 12168 })))
})
