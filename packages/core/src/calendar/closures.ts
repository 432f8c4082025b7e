/**
 * Published closures: periods the authority declared non-working (vacations, Holy Thursday and
 * Friday, the 2017 earthquake, the 2020 pandemic), kept as data with the instrument that published
 * them, so that a calendar can answer "as known on date X" (DOMAIN §5).
 *
 * @since 0.1.0
 */
import { Data, Result } from "effect"
import { type IsoDate, parseIsoDate } from "./civilDay.js"

/**
 * A published closure. `vacation` periods are business days for paying contributions (CFF art. 12
 * para. 2) but not for procedural plazos; a `closure` suspends both.
 * @since 0.1.0
 */
export interface Closure {
  readonly from: IsoDate
  readonly to: IsoDate
  readonly kind: "vacation" | "closure"
  /** The instrument that published it, e.g. "DOF 2020-03-31 ACDO.AS2.HCT.300320/115.P.DIR". */
  readonly source: string
  readonly publishedOn: IsoDate
}

/** A closures list that cannot be used: the message names the entry and the field. @since 0.1.0 */
export class InvalidClosures extends Data.TaggedError("InvalidClosures")<{ readonly reason: string }> {
  override get message() {
    return `Invalid closures: ${this.reason}`
  }
}

const describe = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : String(value))

const closureAt = (entry: unknown, i: number): Closure | string => {
  if (typeof entry !== "object" || entry === null) return `closures[${i}] is not an object`
  const e = entry as Record<string, unknown>
  for (const field of ["from", "to", "publishedOn"] as const) {
    const value = e[field]
    if (typeof value !== "string" || parseIsoDate(value) === undefined)
      return `closures[${i}].${field} must be a date YYYY-MM-DD, got ${describe(value)}`
  }
  if (e.kind !== "vacation" && e.kind !== "closure")
    return `closures[${i}].kind must be "vacation" or "closure", got ${describe(e.kind)}`
  if (typeof e.source !== "string" || e.source.trim() === "")
    return `closures[${i}].source must name the publishing instrument`
  const closure: Closure = { from: e.from as string, to: e.to as string, kind: e.kind, source: e.source, publishedOn: e.publishedOn as string }
  if (closure.from > closure.to) return `closures[${i}] ends (${closure.to}) before it starts (${closure.from})`
  return closure
}

/**
 * Validates closures from outside (a file, a request): an array, or `{ closures: [...] }`.
 * @example Result.isSuccess(decodeClosures({ closures: [] })) // => true
 * @since 0.1.0
 */
export const decodeClosures = (input: unknown): Result.Result<ReadonlyArray<Closure>, InvalidClosures> => {
  const list = Array.isArray(input)
    ? input
    : typeof input === "object" && input !== null && Array.isArray((input as { closures?: unknown }).closures)
      ? ((input as { closures: Array<unknown> }).closures)
      : undefined
  if (list === undefined) return Result.fail(new InvalidClosures({ reason: 'expected { "closures": [ ... ] }' }))
  const closures: Array<Closure> = []
  for (const [i, entry] of list.entries()) {
    const closure = closureAt(entry, i)
    if (typeof closure === "string") return Result.fail(new InvalidClosures({ reason: closure }))
    closures.push(closure)
  }
  return Result.succeed(closures)
}

/**
 * The closures known on a day: published on or before it (all when `knownOn` is absent).
 * @example knownClosures([{ from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "x", publishedOn: "2026-01-10" }], "2026-01-01") // => []
 * @since 0.1.0
 */
export const knownClosures = (closures: ReadonlyArray<Closure>, knownOn?: IsoDate): ReadonlyArray<Closure> =>
  knownOn === undefined ? closures : closures.filter((c) => c.publishedOn <= knownOn)

/**
 * A short, order-independent fingerprint (FNV-1a, 32 bits, hex) of closures and extra text, used
 * in a calendar's version: a different set of closures gives a different version.
 * @since 0.1.0
 */
export const fingerprint = (closures: ReadonlyArray<Closure>, extra: string): string => {
  const text = closures
    .map((c) => [c.from, c.to, c.kind, c.source, c.publishedOn].join("|"))
    .sort()
    .concat(extra)
    .join("\n")
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, "0")
}
