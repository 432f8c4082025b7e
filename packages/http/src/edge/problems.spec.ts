import { Data } from "effect"
import type { Response } from "express"
import { describe, expect, it } from "vitest"
import { EfirmaRejected, UnknownContact } from "@buzon/core"
import { problemTable, sendProblem } from "./problems.js"
import { RateLimited } from "./refusals.js"

/** Records what `sendProblem` writes: status, headers, body (the response's surface it uses). */
const recorder = () => {
  const written = { status: 0, headers: {} as Record<string, string>, type: "", body: "" }
  const res = {
    status: (s: number) => { written.status = s; return res },
    set: (name: string, value: string) => { written.headers[name] = value; return res },
    type: (t: string) => { written.type = t; return res },
    send: (b: string) => { written.body = b; return res },
  }
  return { res: res as unknown as Response, written }
}

describe("problem details (RFC 9457)", () => {
  it("writes the row's status and title, the tag as type, the message as detail, the error's fields as members", () => {
    const { res, written } = recorder()
    sendProblem(res, new UnknownContact({ contactId: "c-1" }), "/mailboxes/EKU9003173C9/contacts/c-1/verification")
    expect({ ...written, body: JSON.parse(written.body) }).toEqual({
      status: 404, headers: {}, type: "application/problem+json",
      body: { type: "/problems/UnknownContact", title: "No such contact on this mailbox", status: 404, detail: new UnknownContact({ contactId: "c-1" }).message, instance: "/mailboxes/EKU9003173C9/contacts/c-1/verification", contactId: "c-1" },
    })
  })

  it("keeps e.firma's stable code as a member, and sends Retry-After with a 429", () => {
    const efirma = recorder()
    sendProblem(efirma.res, new EfirmaRejected({ code: "EFIRMA_EXPIRED", detail: "expired 2023-05-27T21:49:54Z" }), "/auth/session")
    expect(JSON.parse(efirma.written.body)).toEqual({ type: "/problems/EfirmaRejected", title: "The e.firma was rejected", status: 401, code: "EFIRMA_EXPIRED",
      detail: "The e.firma certificate has expired: expired 2023-05-27T21:49:54Z", instance: "/auth/session" })
    const limited = recorder()
    sendProblem(limited.res, new RateLimited({ scope: "code per rfc", retryAfterSeconds: 60 }), "/x")
    expect({ status: limited.written.status, headers: limited.written.headers }).toEqual({ status: 429, headers: { "Retry-After": "60" } })
  })

  it("never writes certificates, signatures or code hashes", () => {
    class Leaky extends Data.TaggedError("UnknownContact")<{ contactId: string; certificate: Uint8Array; signature: string; codeHash: string }> {}
    const { res, written } = recorder()
    sendProblem(res, new Leaky({ contactId: "c-1", certificate: new Uint8Array([1]), signature: "sig", codeHash: "h" }) as never, "/x")
    expect(Object.keys(JSON.parse(written.body)).sort()).toEqual(["contactId", "detail", "instance", "status", "title", "type"])
  })

  it("has a 4xx or 5xx row for every tag", () => {
    const statuses = Object.values(problemTable()).map((row) => row.status)
    expect(statuses.filter((s) => s < 400 || s > 599)).toEqual([])
  })
})
