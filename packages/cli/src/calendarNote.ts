/**
 * What a person must know about the calendar behind an answer: which published closures it knew.
 * The CLI ships no closures (they are data the authority publishes, DOMAIN §5): without
 * `--closures FILE` only weekends and the statutory days of CFF art. 12 are rest days, so Holy
 * Thursday and Friday or vacation periods count as business days.
 *
 * @since 0.1.0
 */
import type { Calendar } from "@buzon/core"

/** The `--closures` option's help text, the same on every command. @since 0.1.0 */
export const CLOSURES_HELP =
  'JSON { "closures": [ { from, to, kind, source, publishedOn } ] }; without it no published closures are known (only weekends and CFF art. 12 days rest)'

/**
 * One sentence naming the calendar's version and the closures it knew.
 * @example calendarNote(makeCalendar()) // => "calendar cff12+cpeum83-2024/… with no published closures (weekends and CFF art. 12 days only; add them with --closures FILE)"
 * @since 0.1.0
 */
export const calendarNote = (calendar: Pick<Calendar, "version" | "closures">): string => {
  const n = calendar.closures.length
  return n === 0
    ? `calendar ${calendar.version} with no published closures (weekends and CFF art. 12 days only; add them with --closures FILE)`
    : `calendar ${calendar.version} with ${n} published closure${n === 1 ? "" : "s"} from --closures`
}
