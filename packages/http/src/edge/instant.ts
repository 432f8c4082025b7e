/**
 * Instants given by callers (`GET /timeline`, `POST /dev/clock`): ISO 8601 with an offset, read with
 * luxon so that impossible dates (30 February) are refused rather than rolled over as `Date.parse`
 * does, and bounded to the years the API answers for.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { DateTime } from "luxon"
import { RequestInvalid } from "./refusals.js"

// [D] The API answers for 2000–2099: the calendar's rule sets model today's law (e.g. the Monday
// holidays of 2006 on); far dates are a typo, not a question anyone has.
const FIRST_YEAR = 2000
const LAST_YEAR = 2099

/**
 * The UTC epoch ms of an ISO 8601 instant, or `RequestInvalid` naming the field.
 * @example Effect.runSync(instantOf("2026-03-11T10:00:00-06:00", "deposited")) // => 1773244800000
 * @since 0.1.0
 */
export const instantOf = (text: string, field: string): Effect.Effect<number, RequestInvalid> => {
  const parsed = DateTime.fromISO(text, { setZone: true })
  if (!parsed.isValid) return Effect.fail(new RequestInvalid({ issues: `${field} is not a real instant: ${text.slice(0, 40)}` }))
  const year = parsed.toUTC().year
  if (year < FIRST_YEAR || year > LAST_YEAR) return Effect.fail(new RequestInvalid({ issues: `${field} must fall in the years ${FIRST_YEAR}–${LAST_YEAR}` }))
  return Effect.succeed(parsed.toMillis())
}
