/**
 * Civil days as integers: the epoch day number (days since 1970-01-01) of a `YYYY-MM-DD` date, and
 * back. Pure proleptic-Gregorian arithmetic (H. Hinnant's `days_from_civil`), no zone involved: a
 * civil day is a label, the zone only decides which label an instant carries (see `zoneClock.ts`).
 *
 * @since 0.1.0
 */

/** A civil day `YYYY-MM-DD` in the calendar's zone. @since 0.1.0 */
export type IsoDate = string

/** ISO weekday numbers (Monday = 1 … Sunday = 7). @since 0.1.0 */
export const FRIDAY = 5
/** @since 0.1.0 */
export const SATURDAY = 6
/** @since 0.1.0 */
export const SUNDAY = 7

/** Epoch day number of a civil date (1970-01-01 → 0). @since 0.1.0 */
export const dayNumber = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The civil date `{ year, month, day }` of an epoch day number. @since 0.1.0 */
export const civilOf = (n: number): { readonly year: number; readonly month: number; readonly day: number } => {
  const z = n + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

/**
 * Formats an epoch day number as `YYYY-MM-DD` (years 0000–9999).
 * @example isoOfDay(20520) // => "2026-03-07"
 * @since 0.1.0
 */
export const isoOfDay = (n: number): IsoDate => {
  const { year, month, day } = civilOf(n)
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`
}

const digit = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : Number.NaN
}

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

/**
 * The epoch day number of a `YYYY-MM-DD` string, or `undefined` when it is not a real date
 * (`2026-02-30`, `2026-2-3`, `26-01-01`). Hand-parsed: it sits on the hot path of every query.
 * @example parseIsoDate("1970-01-02") // => 1
 * @since 0.1.0
 */
export const parseIsoDate = (text: string): number | undefined => {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3)
  const month = digit(text, 5) * 10 + digit(text, 6)
  const day = digit(text, 8) * 10 + digit(text, 9)
  if (!(month >= 1 && month <= 12 && day >= 1 && year >= 0) || day > daysInMonth(year, month)) return undefined // NaN fails too
  return dayNumber(year, month, day)
}

/** ISO weekday of an epoch day number (1970-01-01 was a Thursday). @since 0.1.0 */
export const weekdayOf = (n: number): number => (((n + 3) % 7) + 7) % 7 + 1
