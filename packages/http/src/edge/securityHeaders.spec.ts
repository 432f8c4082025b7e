/**
 * The security headers on every kind of answer, each exactly once, through a listening server: a
 * route's reply (written with one `writeHead` and a flat header list), a reply without a body, a
 * problem, express's own `send`, a HEAD, a defect, and the docs page; a route's own header of the
 * same name wins; HSTS only behind a TLS-terminating proxy.
 */
import { request } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect } from "effect"
import express from "express"
import type { NextFunction, Request, Response } from "express"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { NotYourMailbox } from "./refusals.js"
import { json, route } from "./reply.js"
import { API_CSP, DOCS_CSP, securityHeaders } from "./securityHeaders.js"

const appWith = (trustProxy: boolean) => {
  const app = express()
  app.disable("x-powered-by")
  app.disable("etag")
  app.set("trust proxy", trustProxy)
  app.use(securityHeaders({ trustProxy }))
  app.get("/reply", route(() => Effect.succeed(json(201, { ok: true }, { ETag: 'W/"3"', Location: "/reply/1" }))))
  app.get("/empty", route(() => Effect.succeed({ status: 204 })))
  app.get("/cached", route(() => Effect.succeed(json(200, { ok: true }, { "cache-control": "max-age=60" }))))
  app.get("/refused", route(() => Effect.fail(new NotYourMailbox({ rfc: "FUNK671228PH6" }))))
  app.get("/defect", route(() => Effect.die(new Error("boom"))))
  app.get("/docs", (_req, res) => { res.type("html").send("<h1>docs</h1>") })
  app.get("/send", (_req, res) => { res.set("Cache-Control", "public, max-age=5").json({ sent: true }) })
  app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => { res.status(500).json({ defect: true }) })
  return app
}

interface Answer {
  readonly status: number
  /** Every header line as sent, names lowercased: a header written twice shows twice. */
  readonly lines: ReadonlyArray<readonly [string, string]>
}

const ask = (base: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      res.resume()
      res.on("end", () => {
        const lines: Array<readonly [string, string]> = []
        for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!])
        resolve({ status: res.statusCode!, lines })
      })
    })
    req.on("error", reject)
    req.end()
  })

const valuesOf = (answer: Answer, name: string) => answer.lines.filter(([n]) => n === name).map(([, v]) => v)

/** The security headers of an answer: each name with every value it was sent with (one, when right). */
const security = (answer: Answer) => ({
  nosniff: valuesOf(answer, "x-content-type-options"),
  frame: valuesOf(answer, "x-frame-options"),
  referrer: valuesOf(answer, "referrer-policy"),
  opener: valuesOf(answer, "cross-origin-opener-policy"),
  resource: valuesOf(answer, "cross-origin-resource-policy"),
  cache: valuesOf(answer, "cache-control"),
  csp: valuesOf(answer, "content-security-policy"),
  hsts: valuesOf(answer, "strict-transport-security"),
})

const expected = (overrides: Partial<ReturnType<typeof security>> = {}) => ({
  nosniff: ["nosniff"], frame: ["DENY"], referrer: ["no-referrer"], opener: ["same-origin"], resource: ["same-origin"],
  cache: ["no-store"], csp: [API_CSP], hsts: [], ...overrides,
})

const servers: Array<ReturnType<express.Express["listen"]>> = []
const listen = (app: express.Express) =>
  new Promise<string>((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))
    servers.push(server)
  })
let plain = ""
let proxied = ""
beforeAll(async () => {
  plain = await listen(appWith(false))
  proxied = await listen(appWith(true))
})
afterAll(() => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))))

describe("securityHeaders", () => {
  it("puts each security header exactly once on every kind of answer", async () => {
    const answers = {
      reply: await ask(plain, "GET", "/reply"),
      empty: await ask(plain, "GET", "/empty"),
      problem: await ask(plain, "GET", "/refused"),
      defect: await ask(plain, "GET", "/defect"),
      head: await ask(plain, "HEAD", "/reply"),
      notFound: await ask(plain, "GET", "/nowhere"),
    }
    expect(Object.fromEntries(Object.entries(answers).map(([kind, answer]) => [kind, [answer.status, security(answer)]]))).toEqual({
      reply: [201, expected()],
      empty: [204, expected()],
      problem: [403, expected()],
      defect: [500, expected()],
      head: [201, expected()],
      // express's final handler sets its own (stricter) CSP, which wins as a route's own header does
      notFound: [404, expected({ csp: ["default-src 'none'"] })],
    })
  })

  it("keeps a route's own headers, once each, and lets them win over a default of the same name", async () => {
    const reply = await ask(plain, "GET", "/reply")
    expect([valuesOf(reply, "etag"), valuesOf(reply, "location"), valuesOf(reply, "content-type"), valuesOf(reply, "content-length")])
      .toEqual([['W/"3"'], ["/reply/1"], ["application/json; charset=utf-8"], ["11"]])
    expect(security(await ask(plain, "GET", "/cached"))).toEqual(expected({ cache: ["max-age=60"] }))
    expect(security(await ask(plain, "GET", "/send"))).toEqual(expected({ cache: ["public, max-age=5"] }))
  })

  it("gives the docs page its own CSP", async () => {
    expect(security(await ask(plain, "GET", "/docs"))).toEqual(expected({ csp: [DOCS_CSP] }))
  })

  it("sends HSTS only when a trusted proxy says the request came over TLS, on every kind of answer", async () => {
    const https = { "x-forwarded-proto": "https" }
    const hsts = expected({ hsts: ["max-age=31536000; includeSubDomains"] })
    expect([
      security(await ask(proxied, "GET", "/reply", https)),
      security(await ask(proxied, "GET", "/refused", https)),
      security(await ask(proxied, "GET", "/reply")),
      security(await ask(plain, "GET", "/reply", https)),
    ]).toEqual([hsts, hsts, expected(), expected()])
  })
})
