import { describe, expect, it } from "vitest"
import { fold } from "@buzon/core"

describe("workspace", () => {
  it("resolves @buzon/core from source", () => {
    expect(fold((s: number, e: number) => s + e, 0, [1, 2, 3])).toBe(6)
  })
})
