/**
 * `GET /timeline`, the public calculator, through a listening server: DOMAIN §3's worked example,
 * RCFF art. 11's non-monotonic opening, and refusals as problems (never a 500), extremes included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { generateTestCa } from "@buzon/core"
import { FIXED_NOW } from "../support/satFixtures.js"
import { call, startServer } from "./support/harness.js"
import type { TestServer } from "./support/harness.js"

describe("GET /timeline", () => {
  let server: TestServer
  beforeAll(async () => { server = await startServer({ trustedCas: [generateTestCa({ notBefore: 0, notAfter: FIXED_NOW * 2 }).certificate], now: FIXED_NOW }) })
  afterAll(async () => server.close())

  it("computes DOMAIN §3's worked example (Mon 16 Mar 2026 is a holiday): deemed Wed 18 at 09:30, effect Thu 19", async () => {
    const answer = await call(server.base, "GET", `/timeline?deposited=${encodeURIComponent("2026-03-11T10:00:00-06:00")}`)
    expect(answer.status).toBe(200)
    const { plazos, calendarVersion, ruleSetVersion, ...rest } = answer.body
    expect(rest).toEqual({
      deposited: "2026-03-11T16:00:00.000Z", zone: "America/Mexico_City", avisoAt: "2026-03-11T16:00:00.000Z", openUntil: "2026-03-17",
      deemedAt: "2026-03-18T15:30:00.000Z", basis: "deemed", madeAt: "2026-03-18T15:30:00.000Z", madeOn: "2026-03-18", effectiveOn: "2026-03-19",
    })
    expect(plazos.find((p: { name: string }) => p.name === "aclaracion")).toEqual({ name: "aclaracion", days: 5, purpose: "procedural", endsOn: "2026-03-26", endsAt: "2026-03-27T05:59:59.999Z", basis: expect.stringContaining("LSS art. 39-D") })
    expect({ calendarVersion: typeof calendarVersion, ruleSetVersion }).toEqual({ calendarVersion: "string", ruleSetVersion: "cff12+cpeum83-2024" })
  })

  it("counts an opening at 08:00 on Tuesday at 09:30 on Wednesday (RCFF art. 11, read literally)", async () => {
    const answer = await call(server.base, "GET", `/timeline?deposited=${encodeURIComponent("2026-03-11T10:00:00-06:00")}&opened=${encodeURIComponent("2026-03-17T08:00:00-06:00")}`)
    expect({ opened: answer.body.opened, basis: answer.body.basis, madeAt: answer.body.madeAt, effectiveOn: answer.body.effectiveOn })
      .toEqual({ opened: "2026-03-17T14:00:00.000Z", basis: "opened", madeAt: "2026-03-18T15:30:00.000Z", effectiveOn: "2026-03-19" })
  })

  it("refuses an opening before the deposit, a missing or malformed instant, and unknown parameters, as problems", async () => {
    const refused = async (query: string) => {
      const answer = await call(server.base, "GET", `/timeline${query}`)
      return { status: answer.status, type: answer.body.type, contentType: answer.headers.get("content-type") }
    }
    expect(await refused(`?deposited=2026-03-11T10:00:00Z&opened=2026-03-10T10:00:00Z`)).toEqual({ status: 422, type: "/problems/OpeningBeforeDeposit", contentType: "application/problem+json; charset=utf-8" })
    for (const query of ["", "?deposited=yesterday", "?deposited=2026-02-30T10:00:00Z", "?deposited=2026-03-11T10:00:00Z&zone=UTC", "?deposited=2026-03-11T10:00:00Z&deposited=2026-03-12T10:00:00Z"])
      expect(await refused(query)).toEqual({ status: 400, type: "/problems/RequestInvalid", contentType: "application/problem+json; charset=utf-8" })
  })

  it("answers instants far outside the calendar's years with a problem, not a 500", async () => {
    for (const deposited of ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1900-01-01T00:00:00Z", "2200-06-01T12:00:00Z"]) {
      const answer = await call(server.base, "GET", `/timeline?deposited=${deposited}`)
      expect({ deposited, status: answer.status, type: answer.body.type }).toEqual({ deposited, status: 400, type: "/problems/RequestInvalid" })
    }
  })
})
