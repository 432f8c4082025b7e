/**
 * The OpenAPI document cannot drift from the server: every documented operation is routed (it never
 * answers RouteNotFound), and request bodies are the schemas the routes decode with.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { generateTestCa } from "@buzon/core"
import { FIXED_NOW } from "../support/satFixtures.js"
import { call, startServer } from "./support/harness.js"
import type { TestServer } from "./support/harness.js"

describe("GET /openapi.json", () => {
  let server: TestServer
  beforeAll(async () => { server = await startServer({ trustedCas: [generateTestCa({ notBefore: 0, notAfter: FIXED_NOW * 2 }).certificate], now: FIXED_NOW }) })
  afterAll(async () => server.close())

  it("documents every route the server has, and each documented route exists", async () => {
    const document = (await call(server.base, "GET", "/openapi.json")).body
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
    expect(operations.sort()).toEqual([
      "GET /dev/clock", "GET /dev/outbox", "GET /docs", "GET /mailboxes/{rfc}", "GET /mailboxes/{rfc}/consent", "GET /mailboxes/{rfc}/notifications", "GET /mailboxes/{rfc}/notifications/{id}",
      "GET /notifications/{id}/evidence", "GET /openapi.json", "GET /timeline", "POST /auth/challenge", "POST /auth/session", "POST /dev/clock",
      "POST /mailboxes", "POST /mailboxes/{rfc}/consent", "POST /mailboxes/{rfc}/contacts", "POST /mailboxes/{rfc}/contacts/{contactId}/code", "POST /mailboxes/{rfc}/contacts/{contactId}/verification",
      "POST /mailboxes/{rfc}/notifications/{id}/open", "POST /notifications",
    ])
    for (const operation of operations) {
      const [method, template] = operation.split(" ") as [string, string]
      const path = template.replace("{rfc}", "CACX7605101P8").replace("{contactId}", "c-1").replace("{id}", "n-1")
      const answer = await call(server.base, method, path, method === "POST" ? { body: {} } : {})
      expect({ operation, type: answer.body?.type }).not.toEqual({ operation, type: "/problems/RouteNotFound" })
    }
  })

  it("describes request bodies with the decoding schemas, and every problem type", async () => {
    const document = (await call(server.base, "GET", "/openapi.json")).body
    expect(document.paths["/mailboxes/{rfc}/contacts"].post.requestBody.content["application/json"].schema).toMatchObject({
      type: "object", required: ["kind", "address"], properties: { kind: { type: "string", enum: ["email", "mobile"] } },
    })
    expect(document.paths["/notifications"].post.parameters).toContainEqual({ name: "Idempotency-Key", in: "header", required: true, description: expect.any(String), schema: { type: "string" } })
    expect(document["x-problems"]["/problems/PreconditionFailed"]).toEqual({ status: 412, title: "The resource changed since you read it" })
    expect(document["x-problems"]["/problems/CodeLocked"]).toEqual({ status: 423, title: "Too many wrong codes: request a new one" })
  })
})
