import { describe, expect, it } from "vitest"
import { normaliseAddress, normaliseEmail, normaliseMobile } from "./contactAddress.js"
import { InvalidEmailAddress, InvalidMobileNumber } from "./errors.js"

describe("normaliseEmail ([D] DOMAIN §2.2)", () => {
  it.each([
    [" Pagos@Kemper.MX ", "pagos@kemper.mx"],
    ["Nomina.2026+IMSS@Sub.Empresa.com.mx", "nomina.2026+imss@sub.empresa.com.mx"],
    ["o'brien_x-y@a-b.co", "o'brien_x-y@a-b.co"],
  ])("writes %s as %s", (input, expected) => expect(normaliseEmail(input)).toBe(expected))

  it.each([
    "pagos", "pagos@", "@kemper.mx", "pagos@kemper", "pagos@@kemper.mx", "pa gos@kemper.mx", ".pagos@kemper.mx",
    "pagos.@kemper.mx", "pa..gos@kemper.mx", "pagos@-kemper.mx", "pagos@kemper-.mx", "pagos@kemper.m", "pagos@kemper.123",
    "nómina@kemper.mx", `${"a".repeat(65)}@kemper.mx`, `a@${"b".repeat(250)}.mx`, "",
  ])("refuses %j", (input) => expect(normaliseEmail(input)).toEqual(new InvalidEmailAddress({ address: input })))
})

describe("normaliseMobile ([D] DOMAIN §2.2)", () => {
  it.each([
    ["5512345678", "+525512345678"],
    ["(55) 1234-5678", "+525512345678"],
    ["55.1234.5678", "+525512345678"],
    ["+52 55 1234 5678", "+525512345678"],
    ["52 5512345678", "+525512345678"],
    ["+52 1 55 1234 5678", "+525512345678"],
    ["5215512345678", "+525512345678"],
    ["8112345678", "+528112345678"],
    ["5212345678", "+525212345678"],
  ])("writes %s as %s", (input, expected) => expect(normaliseMobile(input)).toBe(expected))

  it.each([
    "551234567", "55123456789", "0512345678", "1512345678", "+1 555 123 4567", "+52 12 3456 7890", "55-1234-567x", "", "+525512345678901",
  ])("refuses %j", (input) => expect(normaliseMobile(input)).toEqual(new InvalidMobileNumber({ number: input })))
})

describe("normaliseAddress", () => {
  it("dispatches on the kind", () =>
    expect([normaliseAddress("email", "A@B.MX"), normaliseAddress("mobile", "5512345678")]).toEqual(["a@b.mx", "+525512345678"]))
})
