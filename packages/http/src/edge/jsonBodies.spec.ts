/**
 * `jsonBodies` reads the common body (plain `application/json` in UTF-8, with a length) itself and
 * hands any other to express's parser. A property compares it with express's parser alone, request
 * for request, through listening servers: the same status and the same `req.body` (or the same
 * problem) for random JSON, random text, invalid UTF-8, a byte-order mark, and the JSON media types.
 */
import { request } from "node:http"
import { connect } from "node:net"
import type { AddressInfo } from "node:net"
import express from "express"
import type { NextFunction, Request, Response } from "express"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bodyErrors, jsonBodies } from "./jsonBodies.js"

const LIMIT = 2_048

const echoApp = (parser: express.RequestHandler) => {
  const app = express()
  app.use(parser)
  app.post("/echo", (req, res) => { res.json({ body: req.body === undefined ? "(undefined)" : req.body }) })
  app.use(bodyErrors(LIMIT))
  app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => { res.status(500).json({ defect: true }) })
  return app
}

const servers: Array<ReturnType<express.Express["listen"]>> = []
const listen = (app: express.Express) =>
  new Promise<number>((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port))
    servers.push(server)
  })
let ours = 0
let reference = 0
beforeAll(async () => {
  ours = await listen(echoApp(jsonBodies(LIMIT)))
  // What jsonBodies used for every body before: express's parser, with the same options.
  reference = await listen(echoApp(express.json({ limit: LIMIT, strict: false, type: ["application/json", "application/*+json"] })))
})
afterAll(() => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))))

const post = (port: number, contentType: string, body: Buffer): Promise<{ readonly status: number; readonly answer: unknown }> =>
  new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/echo", headers: { "content-type": contentType, "content-length": String(body.length) } }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (chunk: Buffer) => chunks.push(chunk))
      res.on("end", () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { readonly type?: string; readonly body?: unknown }
        // a problem is compared by its type (its detail quotes the parser's message)
        resolve({ status: res.statusCode!, answer: answer.type !== undefined ? { problem: answer.type } : answer })
      })
    })
    req.on("error", reject)
    req.end(body)
  })

const contentTypes = fc.constantFrom(
  "application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=UTF-8",
  'application/json; charset="utf-8"', "application/json; charset=latin1", "application/merge-patch+json",
)
const bodies = fc.oneof(
  fc.json().map((text) => Buffer.from(text, "utf8")),
  fc.json().map((text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])), // a UTF-8 byte-order mark
  fc.string({ maxLength: 40 }).map((text) => Buffer.from(text, "utf8")),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from(bytes)), // invalid UTF-8 too
  fc.constant(Buffer.from("x".repeat(LIMIT + 1))), // over the limit
)

describe("jsonBodies", () => {
  it("answers every JSON-typed body as express's parser does", async () => {
    await fc.assert(
      fc.asyncProperty(contentTypes, bodies, async (contentType, body) => {
        expect(await post(ours, contentType, body)).toEqual(await post(reference, contentType, body))
      }),
      { numRuns: 300 },
    )
  })

  it("reads the common body itself: an object, a string, a number, with or without a byte-order mark", async () => {
    const read = async (text: string, contentType = "application/json") => (await post(ours, contentType, Buffer.from(text, "utf8"))).answer
    expect([
      await read('{"rfc":"EKU9003173C9","act":{"type":"oficio"}}'),
      await read('"Ñandú"', "application/json; charset=utf-8"),
      await read("\uFEFF 42 "),
      await read("{bad"),
    ]).toEqual([
      { body: { rfc: "EKU9003173C9", act: { type: "oficio" } } },
      { body: "Ñandú" },
      { body: 42 },
      { problem: "/problems/MalformedJson" },
    ])
  })

  it("survives a body cut short: the connection closes, and the next request is served", async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(ours, "127.0.0.1", () => {
        socket.end("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"cut\":")
      })
      socket.on("error", reject)
      socket.on("close", () => resolve())
      socket.resume()
    })
    expect(await post(ours, "application/json", Buffer.from('{"after":true}'))).toEqual({ status: 200, answer: { body: { after: true } } })
  })
})
