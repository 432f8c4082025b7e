/**
 * The notification window: business days, 09:30 (inside) to 18:00 (outside), local to the
 * calendar's zone (RMF regla 2.9.2 [P]; DOMAIN §3.2). 18:00 in Mexico City is 00:00 UTC of the
 * next UTC day: every test here is on the zone's civil day, never on the UTC date.
 *
 * @since 0.1.0
 */
import type { Calendar } from "../calendar/calendar.js"

const DAY_MS = 86_400_000

/** 09:30 local, in ms after midnight. @since 0.1.0 */
export const WINDOW_OPENS = (9 * 60 + 30) * 60_000
/** 18:00 local, in ms after midnight (excluded). @since 0.1.0 */
export const WINDOW_CLOSES = 18 * 3_600_000
/** 23:59:59.999 local: the end of a day for plazos (DOMAIN §3.7). @since 0.1.0 */
export const END_OF_DAY = 86_400_000 - 1

/**
 * Whether an instant is inside a notification window: a procedural business day, 09:30 ≤ t < 18:00 local.
 * @example isInsideWindow(cal, instant("2026-03-11T18:00:00-06:00")) // => false
 * @since 0.1.0
 */
export const isInsideWindow = (calendar: Calendar, instant: number): boolean => {
  const local = calendar.clock.localOf(instant)
  const day = Math.floor(local / DAY_MS)
  const t = local - day * DAY_MS
  return t >= WINDOW_OPENS && t < WINDOW_CLOSES && calendar.days.isBusiness(day, "procedural")
}

/** 09:30 local of a day (an epoch day number). @since 0.1.0 */
export const openingOf = (calendar: Calendar, day: number): number => calendar.clock.instantOf(day, WINDOW_OPENS)

/**
 * The first instant at or after `instant` that is inside a window: the instant itself when inside;
 * 09:30 the same day when earlier on a business day; otherwise 09:30 of the next business day.
 * @example nextWindowOpening(cal, instant("2026-03-11T07:00:00-06:00")) // => instant("2026-03-11T09:30:00-06:00")
 * @since 0.1.0
 */
export const nextWindowOpening = (calendar: Calendar, instant: number): number => {
  const { clock, days } = calendar
  const local = clock.localOf(instant)
  const day = Math.floor(local / DAY_MS)
  const t = local - day * DAY_MS
  if (days.isBusiness(day, "procedural")) {
    if (t < WINDOW_OPENS) return clock.instantOf(day, WINDOW_OPENS)
    if (t < WINDOW_CLOSES) return instant
  }
  return clock.instantOf(days.nthBusinessDay(day, 1, "procedural"), WINDOW_OPENS)
}

/**
 * The aviso instant of an act deposited at `deposited`: avisos go out only inside a window, so an
 * act deposited outside one gets its aviso at the next window opening ([D] DOMAIN §3.2).
 * @example avisoAt(cal, instant("2026-03-10T19:00:00-06:00")) // => instant("2026-03-11T09:30:00-06:00")
 * @since 0.1.0
 */
export const avisoAt = (calendar: Calendar, deposited: number): number => nextWindowOpening(calendar, deposited)
