/**
 * Reading what a person typed: instants, days, counts, zones and the closures file. Every mistake
 * becomes one `BadInput` whose message is the single line printed on stderr (exit code 2).
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { type Closure, decodeClosures, isKnownZone, parseIsoDate } from "@buzon/core"
import { Data, Result } from "effect"
import { DateTime } from "luxon"

/** Input the command cannot use; `message` is what the user sees. @since 0.1.0 */
export class BadInput extends Data.TaggedError("BadInput")<{ readonly reason: string }> {
  override get message() {
    return this.reason
  }
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/

/** Checks a zone name against the tz database. @since 0.1.0 */
export const zoneArg = (zone: string, flag: string): string => {
  if (!isKnownZone(zone)) throw new BadInput({ reason: `${flag}: unknown time zone "${zone}" (use an IANA name such as America/Mexico_City)` })
  return zone
}

/**
 * An ISO-8601 date-time; without an offset it is read as wall time in `zone`.
 * @example instantArg("2026-03-11T10:00", "--deposited", "America/Mexico_City") // => Date.parse("2026-03-11T16:00:00Z")
 * @since 0.1.0
 */
export const instantArg = (text: string, flag: string, zone: string): number => {
  const parsed = INSTANT.test(text) ? DateTime.fromISO(text, { zone }) : undefined
  if (parsed === undefined || !parsed.isValid)
    throw new BadInput({ reason: `${flag}: "${text}" is not an ISO-8601 date-time such as 2026-03-11T10:00:00-06:00` })
  return parsed.toMillis()
}

/** A `YYYY-MM-DD` day. @since 0.1.0 */
export const dayArg = (text: string, flag: string): string => {
  if (parseIsoDate(text) === undefined) throw new BadInput({ reason: `${flag}: "${text}" is not a date in the form YYYY-MM-DD` })
  return text
}

/** A whole number within bounds. @since 0.1.0 */
export const integerArg = (text: string, flag: string, min: number, max: number): number => {
  const n = /^-?\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new BadInput({ reason: `${flag}: "${text}" must be a whole number from ${min} to ${max}` })
  return n
}

/** One of the allowed words. @since 0.1.0 */
export const choiceArg = <A extends string>(text: string, flag: string, choices: ReadonlyArray<A>): A => {
  const found = choices.find((c) => c === text)
  if (found === undefined) throw new BadInput({ reason: `${flag}: "${text}" must be one of ${choices.join(", ")}` })
  return found
}

/**
 * Reads a closures file `{ "closures": [ { from, to, kind, source, publishedOn } ] }`.
 * @since 0.1.0
 */
export const closuresFile = (path: string | undefined, read: (path: string) => string): ReadonlyArray<Closure> => {
  if (path === undefined) return []
  let text: string
  try {
    text = read(path)
  } catch (error) {
    const code = (error as { code?: string }).code
    throw new BadInput({ reason: `--closures: cannot read "${path}"${code === undefined ? "" : ` (${code})`}` })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new BadInput({ reason: `--closures: "${path}" is not valid JSON` })
  }
  const decoded = decodeClosures(json)
  if (Result.isFailure(decoded)) throw new BadInput({ reason: `--closures: "${path}": ${decoded.failure.reason}` })
  return decoded.success
}

/** Reads a file as UTF-8 (the real file system). @since 0.1.0 */
export const readTextFile = (path: string): string => readFileSync(path, "utf8")
