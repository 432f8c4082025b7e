/**
 * The cadena original: the canonical pipe-delimited string an evidence document is sealed over
 * (`||a|b|c||`, after SAT's Anexo 20 form; DOMAIN §1, §8).
 *
 * @since 0.1.0
 */

/**
 * One field as it appears in a cadena: whitespace trimmed and each run of whitespace (spaces, tabs,
 * line breaks) collapsed to one space, as SAT's cadenas do; then `\` written `\\` and `|` written
 * `\|` ([D]: SAT forbids pipes in data; we escape them so no value can forge a field boundary and
 * the cadena stays reversible).
 * @example cadenaField("  Subdelegación\n 10 | Centro ") // => "Subdelegación 10 \\| Centro"
 * @since 0.1.0
 */
export const cadenaField = (value: string): string =>
  value.trim().replace(/\s+/gu, " ").replace(/\\/gu, "\\\\").replace(/\|/gu, "\\|")

/**
 * The cadena original of a list of fields: `||` + fields joined by `|` + `||`. Rule: [D] DOMAIN §8
 * (format), fields normalised by {@link cadenaField}. An empty field stays in place (`||a||c||`), so
 * every document kind has a fixed number of positions.
 * @example cadenaOriginal(["1.0", "EKU9003173C9", "2026-03-11T09:30:00.000-06:00"]) // => "||1.0|EKU9003173C9|2026-03-11T09:30:00.000-06:00||"
 * @since 0.1.0
 */
export const cadenaOriginal = (fields: ReadonlyArray<string>): string => `||${fields.map(cadenaField).join("|")}||`
