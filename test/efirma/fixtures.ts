/**
 * Generated credentials shared by the efirma specs: one CA and a few holders, made once per file
 * (RSA-2048 key generation costs ~100 ms each). Validity spans FIXED_NOW.
 */
import { generateTestCa, generateTestCredential } from "@buzon/core"
import type { TestCa, TestCredentialOptions } from "@buzon/core"

export const FIXED_NOW = Date.parse("2026-11-30T12:00:00Z")
export const validFrom = Date.parse("2025-01-01T00:00:00Z")
export const validTo = Date.parse("2029-01-01T00:00:00Z")
export const PASSWORD = "12345678a"

export const makeCa = (commonName = "AC DE PRUEBAS BUZON"): TestCa =>
  generateTestCa({ commonName, notBefore: Date.parse("2024-01-01T00:00:00Z"), notAfter: Date.parse("2032-01-01T00:00:00Z") })

export const holder = (ca: TestCa, overrides: Partial<TestCredentialOptions> = {}) =>
  generateTestCredential({
    ca,
    rfc: "IAÑL750210963",
    legalName: "LUIS IAN ÑUZCO",
    curp: "IANL750210HSRNZS09",
    notBefore: validFrom,
    notAfter: validTo,
    password: PASSWORD,
    certificateNumber: "30001000000500009001",
    ...overrides,
  })
