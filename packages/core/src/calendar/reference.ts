/**
 * The plain day-by-day reference of the calendar, for tests: luxon dates and string comparisons,
 * no index, no integers. Slow on purpose; the property tests check the indexed arithmetic against it.
 *
 * @since 0.1.0
 */
import { DateTime } from "luxon"
import type { IsoDate } from "./civilDay.js"
import type { Closure } from "./closures.js"
import type { Purpose } from "./dayIndex.js"
import { type RuleSet, statutoryHolidays } from "./ruleSet.js"

/** What the reference needs to know about a calendar. @since 0.1.0 */
export interface ReferenceCalendar {
  readonly ruleSet: RuleSet
  readonly closures: ReadonlyArray<Closure>
}

/**
 * Whether a day is a business day, by the rules read one by one.
 * @example referenceIsBusinessDay({ ruleSet: cffArt12, closures: [] }, "2026-03-16", "procedural") // => false
 * @since 0.1.0
 */
export const referenceIsBusinessDay = (calendar: ReferenceCalendar, day: IsoDate, purpose: Purpose): boolean => {
  const date = DateTime.fromISO(day, { zone: "UTC" })
  if (date.weekday === 6 || date.weekday === 7) return false
  if (statutoryHolidays(calendar.ruleSet, date.year).some((h) => h.on === day)) return false
  return !calendar.closures.some((c) => c.from <= day && day <= c.to && (c.kind === "closure" || purpose === "procedural"))
}

/**
 * The n-th business day after `day` (n ≥ 0), walking one day at a time.
 * @example referenceAddBusinessDays({ ruleSet: cffArt12, closures: [] }, "2026-03-13", 1, "procedural") // => "2026-03-17"
 * @since 0.1.0
 */
export const referenceAddBusinessDays = (calendar: ReferenceCalendar, day: IsoDate, n: number, purpose: Purpose): IsoDate => {
  let date = DateTime.fromISO(day, { zone: "UTC" })
  for (let left = n; left > 0; ) {
    date = date.plus({ days: 1 })
    if (referenceIsBusinessDay(calendar, date.toISODate() as string, purpose)) left--
  }
  return date.toISODate() as string
}
