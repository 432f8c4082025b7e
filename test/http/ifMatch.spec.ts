/**
 * Issue #6, "ETag on mailbox and notification resources, If-Match honoured (412 on mismatch)", through
 * a listening server: `If-Match` is pinned in the command, so the check and the append are one step.
 * A store that holds the first two appends to a stream until both have arrived makes the race happen
 * every run: both requests have read the same version before either writes.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { generateTestCa, generateTestCredential, makeMemoryEventStore, mailboxStreamName, notificationStream } from "@buzon/core"
import type { EventStoreShape } from "@buzon/core"
import { FIXED_NOW } from "../support/satFixtures.js"
import { ACT_SHA256, depositAct, enrollToActive } from "./journey.js"
import { call, login, signerOf, startServer } from "./support/harness.js"
import type { Answer, TestServer } from "./support/harness.js"

const RFC = "CACX7605101P8"
const AVISO_AT = Date.parse("2026-11-30T15:30:00Z") // 09:30 CDMX, DOMAIN §3.2
const OPEN_AT = Date.parse("2026-11-30T16:00:00Z") // 10:00 CDMX, inside the window
const validity = { notBefore: FIXED_NOW - 365 * 86_400_000, notAfter: FIXED_NOW + 365 * 86_400_000 }
const ca = generateTestCa({ ...validity })
const patron = signerOf(generateTestCredential({ ca, rfc: RFC, legalName: "XOCHILT CASAS CHAVEZ", curp: "CACX760510MGTSHC04", ...validity, password: "12345678a" }))

/**
 * A memory store whose next two appends to `streamName`, once armed, wait for each other and then
 * run in arrival order: the second was decided on the version the first is about to move.
 */
const racingStore = (inner: EventStoreShape) => {
  let gate: { readonly streamName: string; readonly waiting: Array<() => void> } | undefined
  const store: EventStoreShape = {
    ...inner,
    append: (streamName, expected, events) => {
      const held = gate
      if (held === undefined || held.streamName !== streamName) return inner.append(streamName, expected, events)
      const turn = new Promise<void>((resolve) => held.waiting.push(resolve))
      if (held.waiting.length === 2) (gate = undefined, held.waiting[0]!())
      else setTimeout(() => held.waiting[0]!(), 2_000) // never hang: a lone request goes ahead
      // the first one through lets the second go only once its own append is done
      return Effect.promise(() => turn).pipe(Effect.andThen(inner.append(streamName, expected, events)), Effect.ensuring(Effect.sync(() => held.waiting[1]?.())))
    },
  }
  return { store, arm: (streamName: string) => void (gate = { streamName, waiting: [] }) }
}

const expectPreconditionFailed = (answer: Answer, ifMatch: string) => {
  expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/)
  expect(answer.body).toEqual({
    type: "/problems/PreconditionFailed", title: "The resource changed since you read it", status: 412, detail: expect.any(String),
    instance: expect.any(String), currentETag: expect.stringMatching(/^W\/"\d+"$/), ifMatch,
  })
  expect(answer.status).toBe(412)
  expect(answer.body.currentETag).not.toBe(ifMatch)
}

describe("If-Match, atomic with the command", () => {
  const memory = makeMemoryEventStore()
  const racing = racingStore(memory)
  const history = (stream: string) => Effect.runPromise(memory.readStream(stream))
  let server: TestServer
  let token: string
  const mailbox = () => call(server.base, "GET", `/mailboxes/${RFC}`, { token })
  const addContact = (address: string, ifMatch?: string) => {
    const kind = address.includes("@") ? "email" : "mobile"
    return call(server.base, "POST", `/mailboxes/${RFC}/contacts`, { token, body: { kind, address }, ...(ifMatch === undefined ? {} : { headers: { "if-match": ifMatch } }) })
  }
  beforeAll(async () => {
    server = await startServer({ trustedCas: [ca.certificate], now: FIXED_NOW, store: racing.store })
    token = await enrollToActive(server, patron, RFC) // signs the consent with If-Match: the consent's ETag
  })
  afterAll(async () => server.close())

  it("answers a stale If-Match with 412 problem+json carrying the current ETag, and records nothing", async () => {
    const before = await mailbox()
    const recorded = (await history(mailboxStreamName(RFC))).length
    const contactId = before.body.contacts[0].contactId
    const stale = 'W/"2"'
    expectPreconditionFailed(await addContact("otro@empresa.mx", stale), stale)
    expectPreconditionFailed(await call(server.base, "POST", `/mailboxes/${RFC}/contacts/${contactId}/code`, { token, headers: { "if-match": stale }, body: {} }), stale)
    const refused = await addContact("otro@empresa.mx", `${stale}, "abc"`)
    expect({ status: refused.status, currentETag: refused.body.currentETag }).toEqual({ status: 412, currentETag: before.headers.get("etag") })
    expect((await mailbox()).headers.get("etag")).toBe(before.headers.get("etag"))
    expect((await history(mailboxStreamName(RFC))).length).toBe(recorded)
  })

  it("lets exactly one of two changes sent with the same If-Match through; the other gets 412 (the race is closed)", async () => {
    // the mailbox has 1 email of the 5 allowed: room for both, so only the version can refuse one
    const before = await mailbox()
    const ifMatch = before.headers.get("etag")!
    racing.arm(mailboxStreamName(RFC))
    const answers = await Promise.all([addContact("primero@empresa.mx", ifMatch), addContact("segundo@empresa.mx", ifMatch)])
    expect(answers.map((a) => a.status).sort()).toEqual([201, 412])
    expectPreconditionFailed(answers.find((a) => a.status === 412)!, ifMatch)
    const after = await mailbox()
    expect(after.body.contacts.length).toBe(before.body.contacts.length + 1)
    expect(after.headers.get("etag")).toBe(answers.find((a) => a.status === 201)!.headers.get("etag"))
  })

  it("applies a change whose If-Match names the current version, weak, strong or in a list, and one with * or none", async () => {
    const cases = [["tercero@empresa.mx", (etag: string) => etag], ["cuarto@empresa.mx", (etag: string) => etag.slice(2)], ["quinto@empresa.mx", (etag: string) => `W/"0", ${etag}`],
      ["5511111111", () => "*"], ["5522222222", () => undefined]] as const
    for (const [address, ifMatch] of cases) {
      const before = (await mailbox()).headers.get("etag")!
      const added = await addContact(address, ifMatch(before))
      expect({ status: added.status, etag: added.headers.get("etag") }).toEqual({ status: 201, etag: (await mailbox()).headers.get("etag") })
      expect(added.headers.get("etag")).not.toBe(before)
    }
  })

  it("answers two openings of an act with the same If-Match alike: the second is a repeat of the first, one acuse recorded", async () => {
    const notificationId = await depositAct(server, RFC, "if-match-open")
    expect((await call(server.base, "POST", "/dev/clock", { body: { now: new Date(AVISO_AT).toISOString() } })).status).toBe(200)
    server.setNow(OPEN_AT)
    token = (await login(server.base, patron)).body.token // sessions last 15 minutes
    const line = await call(server.base, "GET", `/mailboxes/${RFC}/notifications/${notificationId}`, { token })
    const open = () => call(server.base, "POST", `/mailboxes/${RFC}/notifications/${notificationId}/open`, { token, headers: { "if-match": line.headers.get("etag")! }, body: { signature: patron.sign(ACT_SHA256) } })
    racing.arm(notificationStream(notificationId))
    const answers = await Promise.all([open(), open()])
    expect(answers.map((a) => a.status)).toEqual([200, 200])
    expect(answers[1]!.body).toEqual(answers[0]!.body)
    expect((await history(notificationStream(notificationId))).filter((e) => e.type === "NotificationOpened").length).toBe(1)
    // and a third, stale by now, is a repeat as well: the change it asks for is already made (RFC 9110 §13.1.1)
    expect((await open()).status).toBe(200)
  })
})
