/**
 * `createHttpApp({ tracer })`: the core's spans of the calls the app makes go to the tracer given,
 * through a listening server.
 */
import { Tracer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { generateTestCa } from "@buzon/core"
import { FIXED_NOW } from "../support/satFixtures.js"
import { depositAct } from "./journey.js"
import { startServer } from "./support/harness.js"
import type { TestServer } from "./support/harness.js"

const names: Array<string> = []
const tracer = Tracer.make({
  span(options) {
    names.push(options.name)
    return new Tracer.NativeSpan(options)
  },
})

let server: TestServer
beforeAll(async () => {
  const ca = generateTestCa({ notBefore: FIXED_NOW - 86_400_000, notAfter: FIXED_NOW + 86_400_000 })
  server = await startServer({ trustedCas: [ca.certificate], now: FIXED_NOW, app: { tracer } })
})
afterAll(async () => server.close())

describe("createHttpApp({ tracer })", () => {
  it("records the deposit's use-case and command spans", async () => {
    await depositAct(server, "CACX7605101P8", "traced-1")
    expect(names).toEqual(expect.arrayContaining(["Buzon.deposit", "app.handleCommand"]))
  })
})
