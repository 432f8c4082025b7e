import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { NewEvent, RecordedEvent } from "../eventstore/EventStore.js"
import { canonicalJson } from "./canonicalJson.js"
import { GENESIS_HASH, hashEvent, linkEvents, verifyChain } from "./hashChain.js"

const S = "notification-n1"
const raw: ReadonlyArray<NewEvent> = [
  { type: "ActDeposited", data: { rfc: "EKU9003173C9", sha256: "ab".repeat(32) }, metadata: { by: "institute" } },
  { type: "AvisoDispatched", data: { at: 1_773_246_600_000 }, metadata: {} },
  { type: "NotificationOpened", data: { at: 1_773_300_000_000, name: "Ñandú & Cía" }, metadata: {} },
]
const record = (events: ReadonlyArray<NewEvent>, streamName = S, from = 1): Array<RecordedEvent> =>
  events.map((e, i) => ({ ...e, streamName, version: from + i, position: 100 + i, recordedAt: 0 }))

describe("canonicalJson", () => {
  it("sorts keys at every depth, drops undefined members and adds no whitespace", () => {
    expect(canonicalJson({ b: 1, a: [true, null, { z: "x", y: undefined as never, c: 0.5 }] })).toBe(
      '{"a":[true,null,{"c":0.5,"z":"x"}],"b":1}',
    )
  })
  it("is the same text whatever the key order, and parses back to the value (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value as never)
        expect(canonicalJson(JSON.parse(text))).toBe(text)
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
      }),
      { seed: 42, numRuns: 200 },
    )
  })
})

describe("linkEvents / verifyChain", () => {
  it("links a new stream from the genesis hash, each event to the one before", () => {
    const linked = linkEvents(undefined, S, 1, raw)
    expect(linked.map((e) => e.metadata.prevHash)).toEqual([GENESIS_HASH, linked[0]?.metadata.hash, linked[1]?.metadata.hash])
    expect(linked[0]?.metadata).toEqual({ by: "institute", prevHash: GENESIS_HASH, hash: hashEvent({ ...linked[0]!, streamName: S, version: 1 }) })
    expect(verifyChain(record(linked))).toEqual({ ok: true, lastHash: { [S]: linked[2]?.metadata.hash } })
  })
  it("continues a stream across appends: linking in two batches equals linking at once", () => {
    const first = linkEvents(undefined, S, 1, raw.slice(0, 1))
    const rest = linkEvents(first[0]?.metadata.hash as string, S, 2, raw.slice(1))
    expect([...first, ...rest]).toEqual(linkEvents(undefined, S, 1, raw))
  })
  it("survives a JSON round trip through any store (keys reordered)", () => {
    const stored = record(linkEvents(undefined, S, 1, raw)).map((e) => JSON.parse(JSON.stringify({ metadata: e.metadata, data: e.data, version: e.version, type: e.type, streamName: e.streamName })))
    expect(verifyChain(stored).ok).toBe(true)
  })
  it("names an edited event (hash-mismatch)", () => {
    const events = record(linkEvents(undefined, S, 1, raw))
    events[1] = { ...events[1]!, data: { at: 1_773_246_600_001 } }
    expect(verifyChain(events)).toEqual({ ok: false, streamName: S, brokenAt: 2, reason: "hash-mismatch" })
  })
  it("names a removed event (version-gap)", () => {
    const events = record(linkEvents(undefined, S, 1, raw))
    expect(verifyChain([events[0]!, events[2]!])).toEqual({ ok: false, streamName: S, brokenAt: 3, reason: "version-gap" })
  })
  it("names a replaced event relinked on its own (prev-hash-mismatch on the next one)", () => {
    const events = record(linkEvents(undefined, S, 1, raw))
    const forged = record(linkEvents(GENESIS_HASH, S, 1, [{ type: "ActDeposited", data: { rfc: "XAXX010101000" }, metadata: {} }]))
    expect(verifyChain([forged[0]!, events[1]!, events[2]!])).toEqual({ ok: false, streamName: S, brokenAt: 2, reason: "prev-hash-mismatch" })
  })
  it("names an unlinked event (missing-link)", () => {
    expect(verifyChain(record(raw))).toEqual({ ok: false, streamName: S, brokenAt: 1, reason: "missing-link" })
    const stripped = record(linkEvents(undefined, S, 1, raw)).map((e) => ({ ...e, metadata: undefined as never }))
    expect(verifyChain(stripped)).toEqual({ ok: false, streamName: S, brokenAt: 1, reason: "missing-link" })
  })
  it("verifies interleaved streams each on its own, and a suffix from an anchor", () => {
    const a = record(linkEvents(undefined, "mailbox-A", 1, raw), "mailbox-A")
    const b = record(linkEvents(undefined, S, 1, raw))
    const mixed = [a[0]!, b[0]!, b[1]!, a[1]!, a[2]!, b[2]!]
    expect(verifyChain(mixed)).toEqual({ ok: true, lastHash: { "mailbox-A": a[2]?.metadata.hash, [S]: b[2]?.metadata.hash } })
    expect(verifyChain(b.slice(1)).ok).toBe(false)
    expect(verifyChain(b.slice(1), { anchors: { [S]: { version: 1, hash: b[0]?.metadata.hash as string } } }).ok).toBe(true)
  })
  it("breaks on any change of data (property: flip one character of a string value)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), fc.integer({ min: 0, max: 2 }), (text, pos, which) => {
        const events = record(linkEvents(undefined, S, 1, raw.map((e) => ({ ...e, data: { ...(e.data as object), note: text } }))))
        const i = pos % text.length
        const changed = text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 1) + text.slice(i + 1)
        events[which] = { ...events[which]!, data: { ...(events[which]!.data as object), note: changed } }
        expect(verifyChain(events)).toEqual({ ok: false, streamName: S, brokenAt: which + 1, reason: "hash-mismatch" })
      }),
      { seed: 7, numRuns: 100 },
    )
  })
})
