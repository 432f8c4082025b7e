/**
 * The legal business-day calendar (DOMAIN §5): weekends, the statutory days of CFF art. 12 from a
 * versioned rule set, and published closures as data, answered per purpose (`procedural` |
 * `payment`) in one zone (default `America/Mexico_City`). Day boundaries are always those of the
 * zone, never of UTC.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import { type IsoDate, isoOfDay, parseIsoDate } from "./civilDay.js"
import { type Closure, fingerprint, knownClosures } from "./closures.js"
import { type DayIndex, makeDayIndex, type Purpose } from "./dayIndex.js"
import { cffArt12, type RuleSet } from "./ruleSet.js"
import { type ZoneClock, zoneClock } from "./zoneClock.js"

export type { IsoDate } from "./civilDay.js"
export type { Closure } from "./closures.js"
export type { Purpose } from "./dayIndex.js"

/** The authority zone, *Zona Centro* ([D] DOMAIN §3). @since 0.1.0 */
export const AUTHORITY_ZONE = "America/Mexico_City"

/**
 * A legal calendar. `version` changes whenever its rule set, its known closures or its zone change,
 * and is recorded with every date computed from it.
 * @since 0.1.0
 */
export interface Calendar {
  readonly version: string
  readonly ruleSetVersion: string
  readonly zone: string
  readonly ruleSet: RuleSet
  /** The closures in force: those published on or before `knownOn` (all when it is absent). */
  readonly closures: ReadonlyArray<Closure>
  readonly knownOn?: IsoDate
  /** @internal the integer day index; use the functions of this module. */
  readonly days: DayIndex
  /** @internal the zone's integer clock. */
  readonly clock: ZoneClock
}

/** Options of `makeCalendar`. @since 0.1.0 */
export interface CalendarOptions {
  readonly closures?: ReadonlyArray<Closure>
  readonly ruleSet?: RuleSet
  readonly zone?: string
  /** Ignore closures published after this day ("as known on"). */
  readonly knownOn?: IsoDate
}

/** The zone is not in the tz database. @since 0.1.0 */
export class UnknownZone extends Data.TaggedError("UnknownZone")<{ readonly zone: string }> {
  override get message() {
    return `Unknown time zone "${this.zone}": use an IANA name such as America/Mexico_City.`
  }
}

/** A day is not a real `YYYY-MM-DD` date. @since 0.1.0 */
export class InvalidDate extends Data.TaggedError("InvalidDate")<{ readonly value: string }> {
  override get message() {
    return `"${this.value}" is not a date in the form YYYY-MM-DD.`
  }
}

/**
 * The epoch day number of an ISO date; throws `InvalidDate` (validate user input first with
 * `parseIsoDate`).
 * @since 0.1.0
 */
export const dayNumberOf = (day: IsoDate): number => {
  const n = parseIsoDate(day)
  if (n === undefined) throw new InvalidDate({ value: day })
  return n
}

/**
 * Builds a calendar. Throws `UnknownZone` for a zone the tz database does not know, and
 * `InvalidDate` for a closure with a malformed date (decode outside input with `decodeClosures`).
 * @example makeCalendar().version // => "cff12+cpeum83-2024/" + an 8-digit hash
 * @since 0.1.0
 */
export const makeCalendar = (options: CalendarOptions = {}): Calendar => {
  const zone = options.zone ?? AUTHORITY_ZONE
  const clock = zoneClock(zone)
  if (clock === undefined) throw new UnknownZone({ zone })
  const ruleSet = options.ruleSet ?? cffArt12
  const closures = knownClosures(options.closures ?? [], options.knownOn)
  const spans = closures.map((c) => ({ from: dayNumberOf(c.from), to: dayNumberOf(c.to), onlyProcedural: c.kind === "vacation" }))
  const version = `${ruleSet.version}/${fingerprint(closures, zone)}`
  const base = { version, ruleSetVersion: ruleSet.version, zone, ruleSet, closures, days: makeDayIndex(ruleSet, spans), clock }
  return options.knownOn === undefined ? base : { ...base, knownOn: options.knownOn }
}

const zoned = new WeakMap<Calendar, Map<string, Calendar>>() // a memo: calendars are immutable values

/**
 * The same calendar (rule set, closures) evaluated in another zone, e.g. the patrón's domicile
 * (RMF regla 2.9.4; [D] DOMAIN §3.8). Memoised per calendar and zone.
 * @example inZone(makeCalendar(), "America/Ciudad_Juarez").zone // => "America/Ciudad_Juarez"
 * @since 0.1.0
 */
export const inZone = (calendar: Calendar, zone: string): Calendar => {
  if (zone === calendar.zone) return calendar
  let byZone = zoned.get(calendar)
  if (byZone === undefined) zoned.set(calendar, (byZone = new Map()))
  const known = byZone.get(zone)
  if (known !== undefined) return known
  const options = { closures: calendar.closures, ruleSet: calendar.ruleSet, zone }
  const other = makeCalendar(calendar.knownOn === undefined ? options : { ...options, knownOn: calendar.knownOn })
  byZone.set(zone, other)
  return other
}

/**
 * Whether a day is *hábil* for a purpose (default `procedural`): not a weekend, not a statutory
 * day (CFF art. 12), not in a closure; vacation periods are business days for `payment` (CFF art. 12 para. 2).
 * @example isBusinessDay(makeCalendar(), "2026-03-16") // => false (third Monday of March)
 * @since 0.1.0
 */
export const isBusinessDay = (calendar: Calendar, day: IsoDate, purpose: Purpose = "procedural"): boolean =>
  calendar.days.isBusiness(dayNumberOf(day), purpose)

/**
 * The n-th business day after `day` (n ≥ 1); `n = 0` gives `day`; a negative n counts backwards.
 * Rule: CFF art. 12 (days are business days) and RCFF art. 7 (counting starts the day after).
 * @example addBusinessDays(makeCalendar(), "2026-03-13", 1) // => "2026-03-17"
 * @since 0.1.0
 */
export const addBusinessDays = (calendar: Calendar, day: IsoDate, n: number, purpose: Purpose = "procedural"): IsoDate =>
  calendar.days.iso(calendar.days.nthBusinessDay(dayNumberOf(day), n, purpose))

/**
 * The civil day of a UTC instant in the calendar's zone (never the UTC date).
 * @example dayOf(makeCalendar(), Date.UTC(2026, 2, 19, 0, 0)) // => "2026-03-18" (18:00 in Mexico City)
 * @since 0.1.0
 */
export const dayOf = (calendar: Calendar, instant: number): IsoDate => isoOfDay(calendar.clock.dayOf(instant))
