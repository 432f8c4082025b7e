/**
 * Canonical JSON: the one byte form of a JSON value that every store round-trips to the same string,
 * so a hash over it survives SQLite, EventStoreDB or a file. Object keys are sorted by UTF-16 code
 * unit order, there is no whitespace, and keys whose value is `undefined` are left out (as
 * `JSON.stringify` does), so an optional field that is absent and one that was dropped agree.
 *
 * @since 0.1.0
 */
import type { Json } from "../eventstore/EventStore.js"

/**
 * The canonical JSON text of a value: sorted keys, no whitespace, `undefined` members omitted.
 * Rule: [D] DOMAIN §8 (a hash chain any store can verify).
 *
 * Gotchas: numbers use JavaScript's shortest round-trip form (`1e21`, `0.1`); non-finite numbers are
 * not JSON and are refused with a thrown error, which only a bug can cause (events are JSON).
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) // => '{"a":[true,null],"b":1}'
 * @since 0.1.0
 */
export const canonicalJson = (value: Json | undefined): string => {
  if (value === null || value === undefined) return "null"
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${value} is not a JSON number`)
    return JSON.stringify(value)
  }
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value)
  if (Array.isArray(value)) return `[${(value as ReadonlyArray<Json>).map(canonicalJson).join(",")}]`
  const record = value as { readonly [key: string]: Json | undefined }
  const members: Array<string> = []
  for (const key of Object.keys(record).sort()) {
    const member = record[key]
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`)
  }
  return `{${members.join(",")}}`
}
