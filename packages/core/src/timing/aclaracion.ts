/**
 * The aclaración administrativa on a cédula de liquidación (DOMAIN §4; LSS art. 39-D) and its effect
 * on the payment plazo of the cédula (LSS art. 39-C): the patrón may file within 5 procedural business
 * days; IMSS answers within 20 procedural business days of the filing; if it does not, the payment
 * plazo's count is suspended until it answers.
 *
 * The reading implemented here is the literal one, and it is ours pending legal review [D]:
 * - the 5 days count from the day after the effect day (RCFF art. 7); a filing on the effect day
 *   itself is in time, one before it or after the 5th day is refused;
 * - `answerDueOn` is the 20th procedural business day after the filing day;
 * - the suspension starts *after* `answerDueOn`: payment business days counted up to and including
 *   `answerDueOn` stand, and the count resumes on the first payment business day after `answeredOn`;
 * - the count is over, so nothing is suspended, once its 15th payment business day is on or before
 *   `answerDueOn` (the Friday / non-business-day move of RACERF art. 3 is not part of the count);
 * - the resulting last day moves by the Friday / non-business-day rule like any payment plazo.
 *
 * Gotcha — read literally, the suspension never applies. A filing is on or after the effect day, so
 * at least 20 procedural business days lie between the effect day and `answerDueOn`; every procedural
 * business day is a payment business day (vacations are non-business for procedural plazos only,
 * closures for both), so by `answerDueOn` at least 20 > 15 payment days have been counted and the
 * payment plazo has run out, whatever the calendar. The spec checks this as a property. The
 * suspension matters only if the payment plazo is still running after the 20-day answer period,
 * which would need a stop point earlier than `answerDueOn` (e.g. the filing day): that is the question
 * for legal review, and `stoppedPaymentEnd` already takes the stop point as a parameter.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import { type Calendar, dayNumberOf, type IsoDate } from "../calendar/calendar.js"
import { paymentDay, plazosFromDay } from "./plazos.js"
import { END_OF_DAY } from "./window.js"

const FILING_DAYS = 5 // LSS art. 39-D
const ANSWER_DAYS = 20 // LSS art. 39-D
const PAYMENT_DAYS = 15 // LSS art. 39-C

/** Input of `pagoCedulaWithAclaracion`. @since 0.1.0 */
export interface AclaracionInput {
  /** The day the notification of the cédula takes effect. */
  readonly effectiveOn: IsoDate
  readonly aclaracionFiledOn: IsoDate
  /** The day IMSS answered, once it has. */
  readonly answeredOn?: IsoDate
}

/** The payment plazo of a cédula on which an aclaración was filed. @since 0.1.0 */
export interface PagoCedulaWithAclaracion {
  /** The 20th procedural business day after the filing day. */
  readonly answerDueOn: IsoDate
  /** True while, or after, the count stood still because IMSS answered late. */
  readonly suspended: boolean
  /** The last day to pay; `undefined` while the count is suspended and IMSS has not answered. */
  readonly endsOn: IsoDate | undefined
  /** 23:59:59.999 of `endsOn` in the calendar's zone, UTC epoch ms; `undefined` with `endsOn`. */
  readonly endsAt: number | undefined
  readonly basis: string
  readonly ruleSetVersion: string
  readonly calendarVersion: string
}

/** An aclaración filed before the effect day or after the 5th business day after it. @since 0.1.0 */
export class AclaracionOutOfTime extends Data.TaggedError("AclaracionOutOfTime")<{
  readonly effectiveOn: IsoDate
  readonly filedOn: IsoDate
  /** The last day to file: the 5th procedural business day after the effect day. */
  readonly lastDayOn: IsoDate
}> {
  override get message() {
    return `The aclaración filed on ${this.filedOn} is out of time: it may be filed from ${this.effectiveOn} to ${this.lastDayOn} (LSS art. 39-D).`
  }
}

/** An answer dated before the filing it answers. @since 0.1.0 */
export class AnswerBeforeFiling extends Data.TaggedError("AnswerBeforeFiling")<{ readonly filedOn: IsoDate; readonly answeredOn: IsoDate }> {
  override get message() {
    return `IMSS cannot have answered (${this.answeredOn}) an aclaración before it was filed (${this.filedOn}).`
  }
}

const BASIS = "LSS art. 39-D; LSS art. 39-C; RACERF art. 3"

/**
 * @internal The last day to pay (Friday rule applied) of a count of `days` payment business days from
 * `effect` that stands still after `stop` and resumes after `resumeAfter` (epoch day numbers);
 * `undefined` when the count is over on or before `stop`, so the stop changes nothing.
 * @since 0.1.0
 */
export const stoppedPaymentEnd = (calendar: Calendar, effect: number, days: number, stop: number, resumeAfter: number): number | undefined => {
  let counted = 0 // at most `days` look-ups
  while (counted < days && calendar.days.nthBusinessDay(effect, counted + 1, "payment") <= stop) counted++
  return counted === days ? undefined : paymentDay(calendar, calendar.days.nthBusinessDay(resumeAfter, days - counted, "payment"))
}

/**
 * The payment plazo of a cédula de liquidación (15 payment business days, LSS art. 39-C) when the
 * patrón filed an aclaración (LSS art. 39-D), under the literal reading of the module notes.
 *
 * **Details** Returns `AclaracionOutOfTime` for a filing before the effect day or after the 5th
 * procedural business day after it, and `AnswerBeforeFiling` for an answer dated before the filing.
 * Answered on or before `answerDueOn`, or not answered but with the count over by then, the plazo is
 * the ordinary one (`plazos(calendar, effectiveOn).pagoCedula.endsOn`).
 *
 * **Gotchas** Read literally the suspension never applies (see the module notes); this reading is
 * ours pending legal review [D].
 *
 * @example pagoCedulaWithAclaracion(cal2026, { effectiveOn: "2026-03-19", aclaracionFiledOn: "2026-03-20" }).endsOn // => "2026-04-13"
 * @see plazos
 * @since 0.1.0
 */
export const pagoCedulaWithAclaracion = (
  calendar: Calendar,
  input: AclaracionInput,
): PagoCedulaWithAclaracion | AclaracionOutOfTime | AnswerBeforeFiling => {
  const effect = dayNumberOf(input.effectiveOn), filed = dayNumberOf(input.aclaracionFiledOn)
  const lastDay = calendar.days.nthBusinessDay(effect, FILING_DAYS, "procedural") // RCFF art. 7: from the day after
  if (filed < effect || filed > lastDay)
    return new AclaracionOutOfTime({ effectiveOn: input.effectiveOn, filedOn: input.aclaracionFiledOn, lastDayOn: calendar.days.iso(lastDay) })
  const answered = input.answeredOn === undefined ? undefined : dayNumberOf(input.answeredOn)
  if (answered !== undefined && answered < filed)
    return new AnswerBeforeFiling({ filedOn: input.aclaracionFiledOn, answeredOn: input.answeredOn as IsoDate })
  const answerDue = calendar.days.nthBusinessDay(filed, ANSWER_DAYS, "procedural")
  const answer = (suspended: boolean, end: number | undefined): PagoCedulaWithAclaracion => ({
    answerDueOn: calendar.days.iso(answerDue), suspended,
    endsOn: end === undefined ? undefined : calendar.days.iso(end), endsAt: end === undefined ? undefined : calendar.clock.instantOf(end, END_OF_DAY),
    basis: BASIS, ruleSetVersion: calendar.ruleSetVersion, calendarVersion: calendar.version,
  })
  const ordinary = plazosFromDay(calendar, effect).pagoCedula
  const inTime = answered !== undefined && answered <= answerDue
  const resumed = inTime ? undefined : stoppedPaymentEnd(calendar, effect, PAYMENT_DAYS, answerDue, answered ?? answerDue)
  if (resumed === undefined) return answer(false, dayNumberOf(ordinary.endsOn))
  return answer(true, answered === undefined ? undefined : resumed) // not answered yet: suspended "until it answers"
}
