/**
 * The whole timeline of one notification (DOMAIN §3): aviso, last day to open, the instant it is
 * made (opened or deemed), the day it takes effect and its plazos, each reproducible from the
 * rule-set and calendar versions it carries. A pure function of instants and a calendar.
 *
 * Openings before the aviso [D]: the act is in the mailbox from its deposit, so the patrón may
 * open it before the aviso goes out (the aviso waits for a window). Such an opening is treated like
 * any other: inside a window it is made at that instant, outside one at 09:30 of the next business
 * day after its date. Since the aviso is the first window instant after the deposit, an opening
 * before the aviso is always outside a window.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import { type Calendar, inZone, type IsoDate } from "../calendar/calendar.js"
import { type Plazos, plazosFromDay } from "./plazos.js"
import { isInsideWindow, nextWindowOpening, openingOf } from "./window.js"

/**
 * The zone whose days and hours give legal effect: the authority's (default) or the patrón's
 * domicile, e.g. `{ domicile: "America/Ciudad_Juarez" }` (RMF regla 2.9.4; [D] DOMAIN §3.8).
 * @since 0.1.0
 */
export type LegalZone = "authority" | { readonly domicile: string }

/** How the notification was made. @since 0.1.0 */
export type Basis = "opened" | "deemed"

/** A notification's timeline. Instants are UTC epoch ms; days are `YYYY-MM-DD` in `zone`. @since 0.1.0 */
export interface Timeline {
  readonly deposited: number
  /** When it was opened; `undefined` when it was not (kept as a key so building a timeline allocates one object). */
  readonly opened?: number | undefined
  /** The zone the day and hour rules were evaluated in. */
  readonly zone: string
  readonly avisoAt: number
  readonly openUntil: IsoDate
  readonly deemedAt: number
  readonly basis: Basis
  readonly madeAt: number
  readonly madeOn: IsoDate
  readonly effectiveOn: IsoDate
  readonly plazos: Plazos
  readonly ruleSetVersion: string
  readonly calendarVersion: string
}

/** An opening earlier than the deposit: the act was not yet in the mailbox. @since 0.1.0 */
export class OpeningBeforeDeposit extends Data.TaggedError("OpeningBeforeDeposit")<{ readonly deposited: number; readonly opened: number }> {
  override get message() {
    return `The act was opened (${new Date(this.opened).toISOString()}) before it was deposited (${new Date(this.deposited).toISOString()}).`
  }
}

/** Input of `timeline`. @since 0.1.0 */
export interface TimelineInput {
  readonly deposited: number
  readonly opened?: number
  readonly calendar: Calendar
  readonly legalZone?: LegalZone
}

/**
 * Computes a notification's timeline. Throws `OpeningBeforeDeposit` when `opened < deposited`.
 * Rules: aviso at the next window instant ([D] §3.2); day 3 to open (§3.3); an opening inside a
 * window is made then, outside at 09:30 of the next business day (RCFF art. 11, §3.4); not opened,
 * or counted after the deemed instant → deemed at 09:30 of the 4th business day (§3.5); an opening
 * at or after the deemed instant changes nothing; effect the next business day (CFF art. 135).
 * @example timeline({ deposited: instant("2026-03-11T10:00:00-06:00"), calendar: cal2026 }).effectiveOn // => "2026-03-19"
 * @since 0.1.0
 */
export const timeline = (input: TimelineInput): Timeline => {
  const { deposited, opened } = input
  if (opened !== undefined && opened < deposited) throw new OpeningBeforeDeposit({ deposited, opened })
  const legalZone = input.legalZone ?? "authority"
  const calendar = legalZone === "authority" ? input.calendar : inZone(input.calendar, legalZone.domicile)
  const { clock, days } = calendar
  const aviso = nextWindowOpening(calendar, deposited)
  const avisoDay = clock.dayOf(aviso)
  const deemed = openingOf(calendar, days.nthBusinessDay(avisoDay, 4, "procedural")) // CFF art. 134 fr. I; §3.5
  let basis: Basis = "deemed"
  let madeAt = deemed
  if (opened !== undefined && opened < deemed) { // §3.5: an opening at or after the deemed instant changes nothing
    const counted = isInsideWindow(calendar, opened)
      ? opened
      : openingOf(calendar, days.nthBusinessDay(clock.dayOf(opened), 1, "procedural")) // RCFF art. 11, read literally
    if (counted <= deemed) { basis = "opened"; madeAt = counted } // §3.4: counting exactly at the deemed instant keeps `opened`
  }
  const madeDay = clock.dayOf(madeAt)
  const effect = days.nthBusinessDay(madeDay, 1, "procedural") // CFF art. 135
  return {
    deposited, opened, zone: calendar.zone, avisoAt: aviso, openUntil: days.iso(days.nthBusinessDay(avisoDay, 3, "procedural")),
    deemedAt: deemed, basis, madeAt, madeOn: days.iso(madeDay), effectiveOn: days.iso(effect),
    plazos: plazosFromDay(calendar, effect), ruleSetVersion: calendar.ruleSetVersion, calendarVersion: calendar.version,
  }
}
