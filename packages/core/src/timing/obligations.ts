/**
 * The employer's obligations calendar (DOMAIN §6): monthly COP contributions and bimonthly RCV and
 * INFONAVIT contributions, due on the 17th, moved by the Friday / non-business-day rule.
 *
 * @since 0.1.0
 */
import type { Calendar, IsoDate } from "../calendar/calendar.js"
import { dayNumber } from "../calendar/civilDay.js"
import { paymentDay } from "./plazos.js"

/** Which contribution. @since 0.1.0 */
export type Obligation = "cop" | "rcv-infonavit"

/** One due date. @since 0.1.0 */
export interface ObligationDue {
  readonly obligation: Obligation
  /** The period paid: `YYYY-MM` for a month, `YYYY-Bn` (n = 1…6) for a bimester. */
  readonly period: string
  /** The 17th, before the Friday / non-business-day rule. */
  readonly nominalOn: IsoDate
  /** The last day to pay. */
  readonly dueOn: IsoDate
  readonly basis: string
  readonly ruleSetVersion: string
  readonly calendarVersion: string
}

const pad2 = (n: number): string => String(n).padStart(2, "0")

/**
 * The due dates that fall in `year`, in date order (COP before RCV/INFONAVIT on the same day):
 * COP of the previous month (LSS art. 39) every month; RCV/INFONAVIT of the previous bimester in
 * January, March, May, July, September and November (LSS art. 39; LINFONAVIT art. 35). Each moves,
 * while it is a Friday or not a payment business day, to the next payment business day (RACERF
 * art. 3; CFF art. 12 para. 5); vacation periods do not move it (CFF art. 12 para. 2).
 * @example obligations(cal, 2026)[0] // => { obligation: "cop", period: "2025-12", nominalOn: "2026-01-17", dueOn: "2026-01-19", … }
 * @since 0.1.0
 */
export const obligations = (calendar: Calendar, year: number): ReadonlyArray<ObligationDue> => {
  const dues: Array<ObligationDue> = []
  const versions = { ruleSetVersion: calendar.ruleSetVersion, calendarVersion: calendar.version }
  for (let month = 1; month <= 12; month++) {
    const nominal = dayNumber(year, month, 17) // LSS art. 39: by the 17th of the following month
    const dueOn = calendar.days.iso(paymentDay(calendar, nominal))
    const nominalOn = calendar.days.iso(nominal)
    const previous = month === 1 ? `${year - 1}-12` : `${year}-${pad2(month - 1)}`
    dues.push({ obligation: "cop", period: previous, nominalOn, dueOn, basis: "LSS art. 39; RACERF art. 3; CFF art. 12", ...versions })
    if (month % 2 === 1) {
      const bimester = month === 1 ? `${year - 1}-B6` : `${year}-B${(month - 1) / 2}`
      dues.push({ obligation: "rcv-infonavit", period: bimester, nominalOn, dueOn, basis: "LSS art. 39; LINFONAVIT art. 35; RACERF art. 3; CFF art. 12", ...versions })
    }
  }
  return dues
}
