/**
 * The plazos that run from a notification (DOMAIN §4), each with its legal basis and the versions
 * that reproduce it. A plazo of N business days ends at 23:59:59.999 (calendar zone) of the N-th
 * business day after the effect day (RCFF art. 7).
 *
 * @since 0.1.0
 */
import type { Calendar, IsoDate, Purpose } from "../calendar/calendar.js"
import { dayNumberOf } from "../calendar/calendar.js"
import { FRIDAY, weekdayOf } from "../calendar/civilDay.js"
import { END_OF_DAY } from "./window.js"

/** One computed plazo. @since 0.1.0 */
export interface Plazo {
  readonly days: number
  readonly purpose: Purpose
  readonly endsOn: IsoDate
  /** 23:59:59.999 of `endsOn` in the calendar's zone, UTC epoch ms. */
  readonly endsAt: number
  readonly basis: string
  readonly ruleSetVersion: string
  readonly calendarVersion: string
}

/** The four plazos of DOMAIN §4. @since 0.1.0 */
export interface Plazos {
  readonly aclaracion: Plazo
  readonly pagoCedula: Plazo
  readonly inconformidad: Plazo
  readonly nulidad: Plazo
}

/**
 * The last day of a payment: moved, while it is a Friday or not a payment business day, to the next
 * payment business day (RACERF art. 3; CFF art. 12 para. 5). Works on epoch day numbers.
 * @since 0.1.0
 */
export const paymentDay = (calendar: Calendar, day: number): number => {
  let d = day
  while (weekdayOf(d) === FRIDAY || !calendar.days.isBusiness(d, "payment")) d = calendar.days.nthBusinessDay(d, 1, "payment")
  return d
}

/**
 * The last day to pay for a due day (ISO form of `paymentDay`).
 * @example paymentDueOn(cal, "2026-07-10") // => "2026-07-13" (a Friday moves to Monday)
 * @since 0.1.0
 */
export const paymentDueOn = (calendar: Calendar, day: IsoDate): IsoDate => calendar.days.iso(paymentDay(calendar, dayNumberOf(day)))

const plazoFrom = (calendar: Calendar, effect: number, days: number, purpose: Purpose, basis: string): Plazo => {
  const nth = calendar.days.nthBusinessDay(effect, days, purpose) // RCFF art. 7: counting starts the day after the effect day
  const end = purpose === "payment" ? paymentDay(calendar, nth) : nth
  return {
    days, purpose, endsOn: calendar.days.iso(end), endsAt: calendar.clock.instantOf(end, END_OF_DAY), basis,
    ruleSetVersion: calendar.ruleSetVersion, calendarVersion: calendar.version,
  }
}

const computePlazos = (calendar: Calendar, effect: number): Plazos => ({
  aclaracion: plazoFrom(calendar, effect, 5, "procedural", "LSS art. 39-D; CFF art. 12; RCFF art. 7"),
  pagoCedula: plazoFrom(calendar, effect, 15, "payment", "LSS art. 39-C; RACERF arts. 3 and 127; CFF art. 12 paras. 2 and 5"),
  inconformidad: plazoFrom(calendar, effect, 15, "procedural", "Reglamento del Recurso de Inconformidad art. 6; CFF art. 12"),
  nulidad: plazoFrom(calendar, effect, 30, "procedural", "LFPCA art. 13 fr. I a); CFF art. 12"),
})

// A memo: a calendar is an immutable value and so are plazos, so every act that takes effect on the
// same day shares one answer (a mass campaign puts thousands on each day). At most one entry per
// effect day asked, and it goes with the calendar.
const memo = new WeakMap<Calendar, Map<number, Plazos>>()

/**
 * Plazos from an effect day given as an epoch day number (the fast path of `plazos`); memoised per
 * calendar and day, so the same value is returned for the same day.
 * @since 0.1.0
 */
export const plazosFromDay = (calendar: Calendar, effect: number): Plazos => {
  let byDay = memo.get(calendar)
  if (byDay === undefined) memo.set(calendar, (byDay = new Map()))
  let known = byDay.get(effect)
  if (known === undefined) byDay.set(effect, (known = computePlazos(calendar, effect)))
  return known
}

/**
 * The plazos of DOMAIN §4 from the day a notification takes effect: aclaración 5, inconformidad
 * 15 and nulidad 30 procedural business days; pago de cédula 15 payment business days (vacations
 * count) with the Friday rule.
 * @example plazos(cal2026, "2026-03-19").aclaracion.endsOn // => "2026-03-26"
 * @since 0.1.0
 */
export const plazos = (calendar: Calendar, effectiveOn: IsoDate): Plazos => plazosFromDay(calendar, dayNumberOf(effectiveOn))
