/**
 * Notification by estrados, the fallback when the mailbox is not usable (LSS art. 286 M para. 4;
 * CFF arts. 134 fr. III and 139): the act is published for 10 days and the notification is made on
 * the 11th day counted from the day after publication; days are business days (CFF art. 12).
 *
 * @since 0.1.0
 */
import type { Calendar, IsoDate } from "../calendar/calendar.js"
import { type Plazos, plazosFromDay } from "./plazos.js"

/** An estrados timeline; days are `YYYY-MM-DD` in the calendar's zone. @since 0.1.0 */
export interface EstradosTimeline {
  readonly publishedAt: number
  readonly publishedOn: IsoDate
  /** The 10th business day after publication: the last day of the publication period. */
  readonly publishedUntil: IsoDate
  /** The 11th business day after publication: the notification's date (CFF art. 139). */
  readonly notifiedOn: IsoDate
  readonly effectiveOn: IsoDate
  readonly plazos: Plazos
  readonly basis: string
  readonly ruleSetVersion: string
  readonly calendarVersion: string
}

/**
 * The estrados timeline of an act published at `publishedAt`.
 * @example estrados(cal, instant("2026-03-02T12:00:00-06:00")).notifiedOn // => "2026-03-18" (16 Mar is a holiday)
 * @since 0.1.0
 */
export const estrados = (calendar: Calendar, publishedAt: number): EstradosTimeline => {
  const { clock, days } = calendar
  const published = clock.dayOf(publishedAt)
  const notified = days.nthBusinessDay(published, 11, "procedural") // CFF art. 139: the 11th day from the day after publication
  const effect = days.nthBusinessDay(notified, 1, "procedural") // CFF art. 135
  return {
    publishedAt, publishedOn: days.iso(published), publishedUntil: days.iso(days.nthBusinessDay(published, 10, "procedural")),
    notifiedOn: days.iso(notified), effectiveOn: days.iso(effect), plazos: plazosFromDay(calendar, effect),
    basis: "LSS art. 286 M; CFF arts. 134 fr. III, 135 and 139", ruleSetVersion: calendar.ruleSetVersion, calendarVersion: calendar.version,
  }
}
