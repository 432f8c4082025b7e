/**
 * The statutory rule set: the rest days that CFF art. 12 lists, generated for any year. Published
 * closures are data (`closures.ts`); this module is the law's fixed part, versioned so that a date
 * computed years ago can be reproduced with the rules in force then.
 *
 * @since 0.1.0
 */
import { dayNumber, type IsoDate, isoOfDay, weekdayOf } from "./civilDay.js"

/**
 * The named rule for the day of transmission of the federal executive power (CPEUM art. 83):
 * - `"cpeum-2024"`: 1 Dec every six years up to 2018, 1 Oct every six years from 2024 (CPEUM art. 83
 *   and LFT art. 74 fr. VII as reformed, DOF 30-09-2024) [D, DOMAIN §5];
 * - `"cff-1-december"`: CFF art. 12 read literally ("1o. de diciembre"), every six years.
 * @since 0.1.0
 */
export type TransmissionRule = "cpeum-2024" | "cff-1-december"

/** A versioned statutory rule set. @since 0.1.0 */
export interface RuleSet {
  /** Recorded with every computed date. */
  readonly version: string
  readonly transmission: TransmissionRule
  /**
   * First year in which the Monday rules (first Monday of February, third of March and of
   * November) replace the fixed days 5 Feb, 21 Mar and 20 Nov (LFT art. 74 as reformed, DOF
   * 17-01-2006) [D].
   */
  readonly mondaysFrom: number
}

/**
 * The default rule set: CFF art. 12 (with 5 May) and the transmission day per CPEUM art. 83 as reformed.
 * @example cffArt12.version // => "cff12+cpeum83-2024"
 * @since 0.1.0
 */
export const cffArt12: RuleSet = { version: "cff12+cpeum83-2024", transmission: "cpeum-2024", mondaysFrom: 2006 }

/**
 * CFF art. 12 read literally: the transmission day stays on 1 December.
 * @example cffArt12Literal.transmission // => "cff-1-december"
 * @since 0.1.0
 */
export const cffArt12Literal: RuleSet = { version: "cff12-literal", transmission: "cff-1-december", mondaysFrom: 2006 }

/** One statutory rest day, with its basis. @since 0.1.0 */
export interface StatutoryHoliday {
  readonly on: IsoDate
  readonly name: string
  readonly basis: string
}

const nthMonday = (year: number, month: number, nth: number): number => {
  const first = dayNumber(year, month, 1)
  const toMonday = (8 - weekdayOf(first)) % 7 // ISO Monday = 1
  return first + toMonday + (nth - 1) * 7
}

/**
 * The transmission-of-power day of a year under a rule, if that year has one.
 * @example transmissionDay("cpeum-2024", 2030) // => dayNumber(2030, 10, 1)
 * @since 0.1.0
 */
export const transmissionDay = (rule: TransmissionRule, year: number): number | undefined => {
  if ((((year - 2018) % 6) + 6) % 6 !== 0) return undefined // CPEUM art. 83: six-year terms
  switch (rule) {
    case "cff-1-december":
      return dayNumber(year, 12, 1) // CFF art. 12: "1o. de diciembre de cada seis años"
    case "cpeum-2024":
      return year <= 2018 ? dayNumber(year, 12, 1) : dayNumber(year, 10, 1) // CPEUM art. 83 as reformed 2014, first applied 2024
  }
}

/** Statutory rest days of a year as epoch day numbers with names (CFF art. 12; LFT art. 74). @since 0.1.0 */
export const statutoryDays = (ruleSet: RuleSet, year: number): ReadonlyArray<{ day: number; name: string; basis: string }> => {
  const mondays = year >= ruleSet.mondaysFrom
  const days = [
    { day: dayNumber(year, 1, 1), name: "Año Nuevo", basis: "CFF art. 12" },
    { day: mondays ? nthMonday(year, 2, 1) : dayNumber(year, 2, 5), name: "Día de la Constitución", basis: "CFF art. 12; LFT art. 74 fr. II" },
    { day: mondays ? nthMonday(year, 3, 3) : dayNumber(year, 3, 21), name: "Natalicio de Benito Juárez", basis: "CFF art. 12; LFT art. 74 fr. III" },
    { day: dayNumber(year, 5, 1), name: "Día del Trabajo", basis: "CFF art. 12" },
    { day: dayNumber(year, 5, 5), name: "Batalla de Puebla", basis: "CFF art. 12" },
    { day: dayNumber(year, 9, 16), name: "Día de la Independencia", basis: "CFF art. 12" },
    { day: mondays ? nthMonday(year, 11, 3) : dayNumber(year, 11, 20), name: "Revolución Mexicana", basis: "CFF art. 12; LFT art. 74 fr. VI" },
    { day: dayNumber(year, 12, 25), name: "Navidad", basis: "CFF art. 12" },
  ]
  const transmission = transmissionDay(ruleSet.transmission, year)
  if (transmission !== undefined)
    days.push({ day: transmission, name: "Transmisión del Poder Ejecutivo Federal", basis: "CFF art. 12; CPEUM art. 83; LFT art. 74 fr. VII" })
  return days
}

/**
 * The statutory rest days of a year, as ISO dates (weekends are not listed).
 * @example statutoryHolidays(cffArt12, 2024).map((h) => h.on).includes("2024-10-01") // => true
 * @since 0.1.0
 */
export const statutoryHolidays = (ruleSet: RuleSet, year: number): ReadonlyArray<StatutoryHoliday> =>
  statutoryDays(ruleSet, year).map(({ day, name, basis }) => ({ on: isoOfDay(day), name, basis }))
