/**
 * The day index: per purpose, the sorted list of business days and a prefix count over a year
 * range, so "is business day" and "the n-th business day after" are array reads (O(1)). The range is
 * built lazily around the first day asked and grows (at least doubling) when a query leaves it; the
 * index is a cache, and any range gives the same answers (a property test checks it against
 * `reference.ts`).
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import { civilOf, dayNumber, type IsoDate, isoOfDay, SATURDAY, SUNDAY, weekdayOf } from "./civilDay.js"
import { type RuleSet, statutoryDays } from "./ruleSet.js"

/** The business-day count a date is asked for. @since 0.1.0 */
export type Purpose = "procedural" | "payment"

/** A closure as day numbers. `procedural` closes only procedural days (a vacation); otherwise both. @since 0.1.0 */
export interface ClosedSpan {
  readonly from: number
  readonly to: number
  readonly onlyProcedural: boolean
}

/** Integer business-day arithmetic over one calendar. @since 0.1.0 */
export interface DayIndex {
  readonly isBusiness: (day: number, purpose: Purpose) => boolean
  /** The n-th business day after `day` (n > 0), before it (n < 0), or `day` itself (n = 0). */
  readonly nthBusinessDay: (day: number, n: number, purpose: Purpose) => number
  readonly iso: (day: number) => IsoDate
}

const FIRST_YEAR = 1
const LAST_YEAR = 9998 // YYYY-MM-DD days; one year of margin for the counts near the end

/** A count left the years the calendar can represent (0001–9998): a runaway `n`, not a date anyone needs. @since 0.1.0 */
export class OutsideCalendarRange extends Data.TaggedError("OutsideCalendarRange")<{ readonly fromYear: number; readonly toYear: number }> {
  override get message() {
    return `The calendar covers the years ${FIRST_YEAR}–${LAST_YEAR}; this count needs ${this.fromYear}–${this.toYear}.`
  }
}

const PROCEDURAL_CLOSED = 1
const PAYMENT_CLOSED = 2

interface Built {
  readonly start: number
  readonly end: number // exclusive
  readonly startYear: number
  readonly endYear: number // inclusive
  readonly flags: Uint8Array
  readonly business: readonly [Int32Array, Int32Array] // per purpose: the business days, ascending
  readonly countBefore: readonly [Int32Array, Int32Array] // per purpose: business days in [start, start + i)
  readonly isoCache: Array<IsoDate> // "" until first asked
}

const build = (ruleSet: RuleSet, spans: ReadonlyArray<ClosedSpan>, startYear: number, endYear: number): Built => {
  const start = dayNumber(startYear, 1, 1)
  const end = dayNumber(endYear + 1, 1, 1)
  const flags = new Uint8Array(end - start)
  for (let d = start; d < end; d++) {
    const weekday = weekdayOf(d)
    if (weekday === SATURDAY || weekday === SUNDAY) flags[d - start] = PROCEDURAL_CLOSED | PAYMENT_CLOSED // CFF art. 12
  }
  for (let year = startYear; year <= endYear; year++)
    for (const { day } of statutoryDays(ruleSet, year)) flags[day - start] = PROCEDURAL_CLOSED | PAYMENT_CLOSED // CFF art. 12
  for (const span of spans) {
    // CFF art. 12 para. 2: vacation periods are business days for paying contributions.
    const mark = span.onlyProcedural ? PROCEDURAL_CLOSED : PROCEDURAL_CLOSED | PAYMENT_CLOSED
    for (let d = Math.max(span.from, start); d <= Math.min(span.to, end - 1); d++) flags[d - start] = (flags[d - start] as number) | mark
  }
  const forPurpose = (closedBit: number): [Int32Array, Int32Array] => {
    const countBefore = new Int32Array(end - start + 1)
    const days: Array<number> = []
    for (let i = 0; i < end - start; i++) {
      countBefore[i] = days.length
      if (((flags[i] as number) & closedBit) === 0) days.push(start + i)
    }
    countBefore[end - start] = days.length
    return [Int32Array.from(days), countBefore]
  }
  const [procedural, proceduralCount] = forPurpose(PROCEDURAL_CLOSED)
  const [payment, paymentCount] = forPurpose(PAYMENT_CLOSED)
  const isoCache = new Array<IsoDate>(end - start).fill("") // filled, so it stays packed (sparse writes made it a dictionary)
  return { start, end, startYear, endYear, flags, business: [procedural, payment], countBefore: [proceduralCount, paymentCount], isoCache }
}

/**
 * Builds the (lazy) index of a rule set and closed spans.
 * @example makeDayIndex(cffArt12, []).nthBusinessDay(dayNumber(2026, 3, 13), 1, "procedural") // => dayNumber(2026, 3, 17)
 * @since 0.1.0
 */
export const makeDayIndex = (ruleSet: RuleSet, spans: ReadonlyArray<ClosedSpan>): DayIndex => {
  let built: Built | undefined // the cache: replaced (never edited) when the range grows

  const cover = (fromYear: number, toYear: number): Built => {
    if (fromYear < FIRST_YEAR || toYear > LAST_YEAR) throw new OutsideCalendarRange({ fromYear, toYear })
    if (built === undefined) return (built = build(ruleSet, spans, fromYear, toYear))
    const span = built.endYear - built.startYear + 1
    const startYear = fromYear < built.startYear ? Math.max(FIRST_YEAR, Math.min(fromYear, built.startYear - span)) : built.startYear
    const endYear = toYear > built.endYear ? Math.min(LAST_YEAR, Math.max(toYear, built.endYear + span)) : built.endYear
    return (built = build(ruleSet, spans, startYear, endYear))
  }
  const around = (day: number): Built => {
    if (built !== undefined && day >= built.start && day < built.end) return built
    const { year } = civilOf(day)
    if (year < FIRST_YEAR || year > LAST_YEAR) throw new OutsideCalendarRange({ fromYear: year, toYear: year })
    return cover(Math.max(FIRST_YEAR, year - 1), Math.min(LAST_YEAR, year + 2))
  }
  const isBusiness = (day: number, purpose: Purpose): boolean => {
    const b = around(day)
    return ((b.flags[day - b.start] as number) & (purpose === "procedural" ? PROCEDURAL_CLOSED : PAYMENT_CLOSED)) === 0
  }
  const nthBusinessDay = (day: number, n: number, purpose: Purpose): number => {
    if (n === 0) return day
    const p = purpose === "procedural" ? 0 : 1
    for (;;) {
      const b = around(day)
      const days = b.business[p], counts = b.countBefore[p]
      // n > 0: skip the business days up to and including `day`; n < 0: count back from those before it.
      const k = n > 0 ? (counts[day - b.start + 1] as number) + n - 1 : (counts[day - b.start] as number) + n
      if (k >= 0 && k < days.length) return days[k] as number
      cover(k < 0 ? b.startYear - 1 : b.startYear, k < 0 ? b.endYear : b.endYear + 1)
    }
  }
  const iso = (day: number): IsoDate => {
    const b = around(day)
    const i = day - b.start
    return (b.isoCache[i] as IsoDate) || (b.isoCache[i] = isoOfDay(day))
  }
  return { isBusiness, nthBusinessDay, iso }
}
