/**
 * The two events that close a notification's timeline, built in one place so that every path
 * (opened, deemed, estrados) records them the same way: exactly one `NotificationMade` and one
 * `NotificationTookEffect` per notification.
 *
 * @since 0.1.0
 */
import type { Calendar } from "../calendar/calendar.js"
import { dayNumberOf, dayOf } from "../calendar/calendar.js"
import { effectiveOn } from "../timing/notified.js"
import { plazos } from "../timing/plazos.js"
import type { Plazos } from "../timing/plazos.js"
import { openingOf } from "../timing/window.js"
import { NotificationMade, NotificationTookEffect } from "./events.js"
import type { MadeBasis, PlazoRecord } from "./events.js"

/**
 * The plazos of DOMAIN §4 as stored: one record per plazo, named.
 * @example plazoRecords(plazos(cal, "2026-03-19"))[0] // => { name: "aclaracion", days: 5, purpose: "procedural", endsOn: "2026-03-26", … }
 * @since 0.1.0
 */
export const plazoRecords = (computed: Plazos): Array<PlazoRecord> =>
  (["aclaracion", "pagoCedula", "inconformidad", "nulidad"] as const).map((name) => {
    const { days, purpose, endsOn, endsAt, basis } = computed[name]
    return { name, days, purpose, endsOn, endsAt, basis }
  })

/**
 * The instant an estrados notification counts as made: [D] 09:30 (the window's opening) of the 11th
 * business day after publication (CFF art. 139 names the day only; we take the same hour a deemed
 * notification uses, DOMAIN §3.5).
 * @example estradosMadeAt(cal, "2026-03-18") // => instant("2026-03-18T09:30:00-06:00")
 * @since 0.1.0
 */
export const estradosMadeAt = (calendar: Calendar, notifiedOn: string): number =>
  openingOf(calendar, dayNumberOf(notifiedOn))

/**
 * The made and takes-effect events of a notification made at `madeAt`.
 * Rule: CFF art. 135 (effect the next business day), RCFF art. 7 (plazos from the day after).
 * @example madeEvents(cal, "n1", "deemed", instant("2026-03-18T09:30:00-06:00"))[1].effectiveOn // => "2026-03-19"
 * @since 0.1.0
 */
export const madeEvents = (
  calendar: Calendar,
  notificationId: string,
  basis: MadeBasis,
  madeAt: number,
): [NotificationMade, NotificationTookEffect] => {
  const versions = { calendarVersion: calendar.version, ruleSetVersion: calendar.ruleSetVersion }
  const effect = effectiveOn(calendar, madeAt) // CFF art. 135: the business day after the day it is made
  return [
    new NotificationMade({ notificationId, basis, madeAt, madeOn: dayOf(calendar, madeAt), ...versions }),
    new NotificationTookEffect({ notificationId, effectiveOn: effect, plazos: plazoRecords(plazos(calendar, effect)), ...versions }),
  ]
}
