/**
 * A zone's wall clock as integers. luxon (through `Intl`) is asked once per zone for the UTC offset
 * on a sample grid; every change is narrowed to the millisecond, and later conversions binary-search
 * that table. This keeps a million conversions well under a second, where luxon per call would not,
 * and still follows the tz database: Mexico City's summer time until 2022-10-30, Ciudad Juárez's
 * US-style DST.
 *
 * @since 0.1.0
 */
import { IANAZone } from "luxon"

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000
const FROM = Date.UTC(1960, 0, 1) // before: the 1960 offset (no date we serve is older)
const TO = Date.UTC(2111, 0, 1) // after: the offset in force in 2111
const STEP = 7 * DAY_MS // no zone we serve changes offset twice in a week

/** Integer conversions between UTC epoch ms and a zone's civil day and time of day. @since 0.1.0 */
export interface ZoneClock {
  readonly zone: string
  /** Offset (ms, local − UTC) at a UTC instant. */
  readonly offsetAt: (instant: number) => number
  /** The local wall time as ms since 1970-01-01T00:00 local (day = floor(local / 86 400 000)). */
  readonly localOf: (instant: number) => number
  /** Epoch day number of the civil day the instant falls on in the zone. */
  readonly dayOf: (instant: number) => number
  /** Milliseconds since local midnight of the instant, in the zone. */
  readonly timeOfDayOf: (instant: number) => number
  /** The UTC instant of a local wall time (`msOfDay` after midnight of `day`); a skipped hour maps forward. */
  readonly instantOf: (day: number, msOfDay: number) => number
}

/** True when the tz database knows the zone name. @since 0.1.0 */
export const isKnownZone = (zone: string): boolean => IANAZone.isValidZone(zone)

const buildTable = (zone: IANAZone): { starts: Float64Array; offsets: Float64Array } => {
  const offset = (t: number): number => zone.offset(t) * MINUTE_MS
  const starts: Array<number> = [-Infinity]
  const offsets: Array<number> = [offset(FROM)]
  let previous = offsets[0] as number
  for (let t = FROM + STEP; t <= TO; t += STEP) {
    const current = offset(t)
    if (current === previous) continue
    let lo = t - STEP, hi = t // offset(lo) === previous, offset(hi) === current
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2)
      if (offset(mid) === previous) lo = mid
      else hi = mid
    }
    starts.push(hi)
    offsets.push(current)
    previous = current
  }
  return { starts: Float64Array.from(starts), offsets: Float64Array.from(offsets) }
}

const clocks = new Map<string, ZoneClock>() // a memo: a zone's table never changes within a process

/**
 * The (memoised) clock of an IANA zone; `undefined` for an unknown zone.
 * @example zoneClock("America/Mexico_City")?.dayOf(Date.UTC(2026, 2, 19, 0, 0)) // => day of 2026-03-18
 * @since 0.1.0
 */
export const zoneClock = (name: string): ZoneClock | undefined => {
  const known = clocks.get(name)
  if (known !== undefined) return known
  if (!IANAZone.isValidZone(name)) return undefined
  const { starts, offsets } = buildTable(IANAZone.create(name))
  const last = starts.length - 1
  const lastStart = starts[last] as number, lastOffset = offsets[last] as number
  const search = (instant: number): number => {
    let lo = 0, hi = last
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] as number) <= instant) lo = mid
      else hi = mid - 1
    }
    return offsets[lo] as number
  }
  // Per UTC day, the offset when it holds all day, NaN when the offset changes that day: O(1) reads.
  const firstDay = FROM / DAY_MS
  const byDay = new Float64Array((TO - FROM) / DAY_MS)
  for (let i = 0; i < byDay.length; i++) byDay[i] = search(FROM + i * DAY_MS)
  for (let k = 1; k <= last; k++) {
    const i = Math.floor((starts[k] as number) / DAY_MS) - firstDay
    if (i >= 0 && i < byDay.length) byDay[i] = Number.NaN
  }
  const offsetAt = (instant: number): number => {
    if (instant >= lastStart) return lastOffset // e.g. Mexico City since 2022-10-30
    const held = byDay[Math.floor(instant / DAY_MS) - firstDay]
    return held === undefined || held !== held ? search(instant) : held // held !== held: NaN, a change that day
  }
  const localOf = (instant: number): number => instant + offsetAt(instant)
  const dayOf = (instant: number): number => Math.floor((instant + offsetAt(instant)) / DAY_MS)
  const timeOfDayOf = (instant: number): number => {
    const local = instant + offsetAt(instant)
    return local - Math.floor(local / DAY_MS) * DAY_MS
  }
  const instantOf = (day: number, msOfDay: number): number => {
    const local = day * DAY_MS + msOfDay
    const guess = local - offsetAt(local)
    const second = local - offsetAt(guess)
    return second
  }
  const clock: ZoneClock = { zone: name, offsetAt, localOf, dayOf, timeOfDayOf, instantOf }
  clocks.set(name, clock)
  return clock
}
