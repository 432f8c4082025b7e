/**
 * Where SAT's public test e.firma credentials are: `BUZON_SAT_FIXTURES`, by default
 * `../shared/fixtures/efirma` next to the checkout. On a clone without them, tests that need them
 * skip with a printed reason; tests on generated credentials still cover the same code.
 */
import { existsSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)))

/** The fixtures folder, or undefined (with the reason printed once) where it is absent. */
export const satFixturesDir: string | undefined = (() => {
  const dir = resolve(repoRoot, process.env["BUZON_SAT_FIXTURES"] ?? "../shared/fixtures/efirma")
  if (existsSync(join(dir, "README.md"))) return dir
  console.warn(`[skip] SAT e.firma fixtures not found at ${dir} (set BUZON_SAT_FIXTURES): tests on SAT's own credentials are skipped; generated-credential tests still run.`)
  return undefined
})()

/** The skip condition for `describe.skipIf(noSatFixtures)`. */
export const noSatFixtures = satFixturesDir === undefined

/** The folder names of the credentials (see the fixtures' README). */
export const satCredentials = [
  "moral-fiel-EKU9003173C9",
  "fisica-fiel-CACX7605101P8",
  "fisica-fiel-FUNK671228PH6",
  "moral-csd-EKU9003173C9",
  "expired-moral-fiel-AAA010101AAA",
  "expired-fisica-fiel-CACX7605101P8-2019",
  "expired-moral-fiel-ONO120726RX3-enye",
  "expired-fisica-fiel-IANL750210963-enye",
] as const
export type SatCredentialName = (typeof satCredentials)[number]

/** Reads one credential's files: certificate DER, encrypted key DER, password. */
export const readSatCredential = (name: SatCredentialName) => {
  if (satFixturesDir === undefined) throw new Error("SAT fixtures are absent: guard the test with noSatFixtures")
  const dir = join(satFixturesDir, name)
  return {
    certificate: new Uint8Array(readFileSync(join(dir, "certificate.cer"))),
    privateKey: new Uint8Array(readFileSync(join(dir, "private_key.key"))),
    password: readFileSync(join(dir, "password.txt"), "utf8"),
  }
}

/** A CA certificate from `ca/test` or `ca/prod`. */
export const readSatCa = (path: string): Uint8Array => {
  if (satFixturesDir === undefined) throw new Error("SAT fixtures are absent: guard the test with noSatFixtures")
  return new Uint8Array(readFileSync(join(satFixturesDir, "ca", path)))
}

/** The fixed instant SAT tests use: the valid test certificates expire in May 2027. */
export const FIXED_NOW = Date.parse("2026-11-30T12:00:00Z")
