/**
 * When a notification is made: by opening (acuse de recibo) or, failing that, deemed on the 4th
 * business day (constancia); and when it takes effect (DOMAIN §3.3–3.6).
 *
 * @since 0.1.0
 */
import type { Calendar, IsoDate } from "../calendar/calendar.js"
import { isInsideWindow, openingOf } from "./window.js"

/**
 * The last day the act can be opened: day 3, where day 1 is the first business day after the
 * aviso's day (CFF arts. 12, 134 fr. I; DOMAIN §3.3).
 * @example openUntil(cal2026, instant("2026-03-11T10:00:00-06:00")) // => "2026-03-17"
 * @since 0.1.0
 */
export const openUntil = (calendar: Calendar, avisoAt: number): IsoDate =>
  calendar.days.iso(calendar.days.nthBusinessDay(calendar.clock.dayOf(avisoAt), 3, "procedural"))

/**
 * The instant an act never opened is deemed notified: 09:30 of the 4th business day after the
 * aviso's day (CFF art. 134 fr. I; SAT's published practice [P]; DOMAIN §3.5).
 * @example deemedAt(cal2026, instant("2026-03-11T10:00:00-06:00")) // => instant("2026-03-18T09:30:00-06:00")
 * @since 0.1.0
 */
export const deemedAt = (calendar: Calendar, avisoAt: number): number =>
  openingOf(calendar, calendar.days.nthBusinessDay(calendar.clock.dayOf(avisoAt), 4, "procedural"))

/**
 * The instant an opening counts as made (RCFF art. 11; RMF regla 2.9.2): the opening itself when
 * inside a window; otherwise 09:30 of the first business day after the day of the opening. Read
 * literally, so 08:00 on a Tuesday counts on Wednesday 09:30 (later than an opening at 09:30 the
 * same Tuesday): the rule is non-monotonic on purpose (DOMAIN §3.4). Not capped by the deemed
 * instant: `timeline` does that.
 * @example madeAtOnOpening(cal, instant("2026-03-17T08:00:00-06:00")) // => instant("2026-03-18T09:30:00-06:00")
 * @since 0.1.0
 */
export const madeAtOnOpening = (calendar: Calendar, openedAt: number): number =>
  isInsideWindow(calendar, openedAt)
    ? openedAt
    : openingOf(calendar, calendar.days.nthBusinessDay(calendar.clock.dayOf(openedAt), 1, "procedural"))

/**
 * The day a notification takes effect: the business day after the day it was made (CFF art. 135).
 * @example effectiveOn(cal2026, instant("2026-03-18T09:30:00-06:00")) // => "2026-03-19"
 * @since 0.1.0
 */
export const effectiveOn = (calendar: Calendar, madeAt: number): IsoDate =>
  calendar.days.iso(calendar.days.nthBusinessDay(calendar.clock.dayOf(madeAt), 1, "procedural"))
