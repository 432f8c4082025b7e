import { Effect } from "effect"
import express from "express"
import type { NextFunction, Request, Response } from "express"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { NotYourMailbox } from "./refusals.js"
import { json, route, sharedJson } from "./reply.js"

/** A tiny app over `route`: replies written in the same tick, after waiting, refusals, defects, shared bodies. */
const shared = { list: Object.freeze([{ n: 1 }]) as object }
let serializations = 0
const app = express()
app.disable("etag") // as createHttpApp: only a route's own ETag goes out
app.get("/now", route(() => Effect.succeed(json(201, { ok: true }, { ETag: 'W/"3"' }))))
app.get("/later", route(() => Effect.map(Effect.promise(() => new Promise((r) => setTimeout(r, 5))), () => json(200, { waited: true }))))
app.get("/refused", route(() => Effect.fail(new NotYourMailbox({ rfc: "FUNK671228PH6" }))))
app.get("/defect", route(() => Effect.die(new Error("boom"))))
app.get("/defect-later", route(() => Effect.flatMap(Effect.sleep(5), () => Effect.die(new Error("late boom")))))
app.get("/shared", route(() => Effect.succeed(sharedJson(200, shared.list))))
app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => { res.status(500).json({ defect: (error as Error).message }) })

let base = ""
let server: ReturnType<typeof app.listen>
beforeAll(() => new Promise<void>((resolve) => { server = app.listen(0, "127.0.0.1", () => { base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`; resolve() }) }))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
const get = async (path: string) => {
  const res = await fetch(base + path)
  return { status: res.status, type: res.headers.get("content-type"), etag: res.headers.get("etag"), body: await res.json() }
}

describe("route", () => {
  it("writes a reply at once or after the handler waits, with its status, headers and JSON body", async () => {
    expect(await get("/now")).toEqual({ status: 201, type: "application/json; charset=utf-8", etag: 'W/"3"', body: { ok: true } })
    expect(await get("/later")).toEqual({ status: 200, type: "application/json; charset=utf-8", etag: null, body: { waited: true } })
  })

  it("answers a refusal as its problem, and hands a defect (at once or later) to the error middleware", async () => {
    expect(await get("/refused")).toMatchObject({ status: 403, type: "application/problem+json; charset=utf-8", body: { type: "/problems/NotYourMailbox", instance: "/refused" } })
    expect(await get("/defect")).toEqual({ status: 500, type: "application/json; charset=utf-8", etag: null, body: { defect: "boom" } })
    expect(await get("/defect-later")).toEqual({ status: 500, type: "application/json; charset=utf-8", etag: null, body: { defect: "late boom" } })
  })

  it("serializes a shared body once per object: the same object answers the same bytes, a new object its own", async () => {
    const stringify = JSON.stringify
    JSON.stringify = ((...args: Parameters<typeof stringify>) => (serializations++, stringify(...args))) as typeof stringify
    try {
      const first = [await get("/shared"), await get("/shared")]
      shared.list = Object.freeze([{ n: 2 }])
      const second = await get("/shared")
      expect({ bodies: [...first, second].map((r) => r.body), serializations }).toEqual({ bodies: [[{ n: 1 }], [{ n: 1 }], [{ n: 2 }]], serializations: 2 })
    } finally {
      JSON.stringify = stringify
    }
  })
})
