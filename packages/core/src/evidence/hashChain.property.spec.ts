/**
 * The hash chain writes its own canonical text, faster than `canonicalJson`; it must hash exactly
 * what `canonicalJson` says, or every stored chain stops verifying: checked here against the definition.
 */
import { createHash } from "node:crypto"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { EventMetadata, Json } from "../eventstore/EventStore.js"
import { canonicalJson } from "./canonicalJson.js"
import { GENESIS_HASH, hashEvent, linkEvents, verifyChain } from "./hashChain.js"

/** The definition (module note of hashChain.ts): SHA-256 of the canonical JSON, `metadata.hash` left out. */
const reference = (streamName: string, version: number, type: string, data: Json, metadata: EventMetadata): string => {
  const { hash: _hash, ...rest } = metadata
  const text = canonicalJson({ streamName, version, type, data, metadata: rest as Json })
  return createHash("sha256").update(text, "utf8").digest("hex")
}

// Keys read through a prototype, keys JSON.stringify must escape, keys that sort oddly.
const awkwardKey = fc.constantFrom("__proto__", "constructor", "toJSON", "hash", "10", "9", "ñ", "Z", "a", 'q"', "b\\", "\n", "\u001f", "\ud800", "\u2028")
const key = fc.oneof(fc.string(), fc.string({ unit: "binary" }), awkwardKey)
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom<Json>(null, true, false, 0, -0, 1e21, 0.1, -5, "", "\u2028", "\ud800"),
    fc.string({ unit: "binary" }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  ),
})).value

describe("hashEvent", () => {
  it("is the SHA-256 of the canonical JSON, whatever the data and metadata (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), fc.string(), json, fc.dictionary(key, json, { maxKeys: 5 }), (stream, version, type, data, metadata) => {
        expect(hashEvent({ streamName: stream, version, type, data, metadata })).toBe(reference(stream, version, type, data, metadata))
      }),
      { seed: 5, numRuns: 2_000 },
    )
  })

  it("links: each event's metadata is the given one without `hash`, then `prevHash` and `hash`, in that key order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), json, fc.dictionary(key, json, { maxKeys: 5 })), { maxLength: 4 }), (raw) => {
        const events = raw.map(([type, data, metadata]) => ({ type, data, metadata }))
        let prevHash = GENESIS_HASH
        const expected = events.map((event, index) => {
          const { hash: _hash, ...rest } = event.metadata
          const metadata = { ...rest, prevHash }
          const hash = reference("s", 3 + index, event.type, event.data, metadata)
          prevHash = hash
          return { type: event.type, data: event.data, metadata: { ...metadata, hash } }
        })
        const linked = linkEvents(undefined, "s", 3, events)
        expect(linked).toStrictEqual(expected)
        expect(linked.map((e) => Object.keys(e.metadata))).toEqual(expected.map((e) => Object.keys(e.metadata)))
      }),
      { seed: 6, numRuns: 1_000 },
    )
  })

  it("keeps the hash of a stored deposit (a chain written before the fast text still verifies)", () => {
    const data = { notificationId: "n4", rfc: "BZN260004E4A", reference: "Oficio 4/2026 — Subdelegación Ñuñoa", depositedAt: 1_772_463_600_148, avisoDueAt: 1_772_465_400_148 }
    const [linked] = linkEvents(undefined, "notification-n4", 1, [{ type: "ActDeposited", data, metadata: { commandId: "deposit-4", actor: { kind: "system", name: "emission" } } }])
    expect(linked!.metadata["hash"]).toBe(reference("notification-n4", 1, "ActDeposited", data, linked!.metadata))
    expect(verifyChain([{ streamName: "notification-n4", version: 1, type: "ActDeposited", data, metadata: linked!.metadata }]).ok).toBe(true)
  })

  it("refuses a non-finite number as canonicalJson does", () => {
    expect(() => hashEvent({ streamName: "s", version: 1, type: "t", data: { at: Number.NaN }, metadata: {} })).toThrow(
      "canonicalJson: NaN is not a JSON number",
    )
  })
})
