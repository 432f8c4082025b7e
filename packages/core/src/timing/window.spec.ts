import { describe, expect, it } from "vitest"
import { makeCalendar } from "../calendar/calendar.js"
import { avisoAt, isInsideWindow, nextWindowOpening } from "./window.js"

const at = (iso: string): number => Date.parse(iso)
const cal = makeCalendar()

describe("the notification window (09:30 ≤ t < 18:00 local, business days; RMF regla 2.9.2)", () => {
  it.each([
    ["2026-03-11T09:29:59.999-06:00", false],
    ["2026-03-11T09:30:00.000-06:00", true],
    ["2026-03-11T17:59:59.999-06:00", true],
    ["2026-03-11T18:00:00.000-06:00", false],
    ["2026-03-16T12:00:00.000-06:00", false], // third Monday of March
    ["2026-03-14T12:00:00.000-06:00", false], // Saturday
    ["2026-03-12T00:00:00.000Z", false], // 18:00 of Wed 11 in Mexico City, though 00:00 UTC of Thu 12
    ["2021-07-01T17:59:00-05:00", true], // summer time before 2022: 22:59 UTC
    ["2021-07-01T18:00:00-05:00", false],
  ])("%s inside: %s", (instant, inside) => expect(isInsideWindow(cal, at(instant))).toBe(inside))
})

describe("the aviso goes out at the next window instant ([D] DOMAIN §3.2)", () => {
  it.each([
    ["2026-03-11T09:29:59.999-06:00", "2026-03-11T09:30:00.000-06:00"], // before 09:30 on a business day: the same day
    ["2026-03-11T09:30:00.000-06:00", "2026-03-11T09:30:00.000-06:00"],
    ["2026-03-11T17:59:59.999-06:00", "2026-03-11T17:59:59.999-06:00"],
    ["2026-03-11T18:00:00.000-06:00", "2026-03-12T09:30:00.000-06:00"],
    ["2026-03-13T18:00:00.000-06:00", "2026-03-17T09:30:00.000-06:00"], // Friday evening; Monday 16 is a holiday
    ["2026-03-14T03:00:00.000-06:00", "2026-03-17T09:30:00.000-06:00"], // Saturday early
    ["2021-07-01T18:00:00-05:00", "2021-07-02T09:30:00-05:00"], // CDT
    ["2022-10-28T19:00:00-05:00", "2022-10-31T09:30:00-06:00"], // across the end of summer time (30 Oct 2022)
  ])("deposited %s → aviso %s", (deposited, aviso) => {
    expect(avisoAt(cal, at(deposited))).toBe(at(aviso))
    expect(nextWindowOpening(cal, at(deposited))).toBe(at(aviso))
  })
})
