/**
 * Development mode's demo credentials, made once and kept in `./data/demo/`: a demo CA (trusted for
 * e.firma beside `BUZON_TRUST_DIR`), the institute's credential (its sello digital), and a demo
 * employer FIEL to try the whole journey with. Generated with `@buzon/core`'s test-credential
 * generator; never used in production mode.
 *
 * @since 0.1.0
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { generateTestCa, generateTestCredential } from "@buzon/core"
import type { TestCa, TestCredential } from "@buzon/core"

/** The demo material, as files and bytes. @since 0.1.0 */
export interface DemoCredentials {
  readonly dir: string
  readonly ca: TestCa
  readonly institute: TestCredential
  readonly employer: TestCredential & { readonly rfc: string; readonly legalName: string }
}

const DEMO_PASSWORD = "12345678a" // the same as SAT's own test credentials
const EMPLOYER = { rfc: "KEM900101AB1", legalName: "DEMO KEMPER SA DE CV" } as const
const INSTITUTE = { rfc: "IMS421231I45", legalName: "INSTITUTO MEXICANO DEL SEGURO SOCIAL" } as const

const write = (dir: string, name: string, data: Uint8Array | string) => writeFileSync(join(dir, name), data, { mode: 0o600 })
const read = (dir: string, name: string) => new Uint8Array(readFileSync(join(dir, name)))

/**
 * Loads the demo credentials from `dir`, generating them the first time (valid ten years from `now`).
 * @example const demo = demoCredentials("./data/demo", Date.now()) // demo.employer.rfc === "KEM900101AB1"
 * @since 0.1.0
 */
export const demoCredentials = (dir: string, now: number): DemoCredentials => {
  if (existsSync(join(dir, "employer.cer"))) {
    return {
      dir,
      ca: { certificate: read(dir, "demo-ca.cer"), privateKeyPem: readFileSync(join(dir, "demo-ca.key.pem"), "utf8") },
      institute: { certificate: read(dir, "institute.cer"), privateKey: read(dir, "institute.key"), password: DEMO_PASSWORD },
      employer: { certificate: read(dir, "employer.cer"), privateKey: read(dir, "employer.key"), password: DEMO_PASSWORD, ...EMPLOYER },
    }
  }
  mkdirSync(dir, { recursive: true })
  const validity = { notBefore: now - 86_400_000, notAfter: now + 10 * 365 * 86_400_000 }
  const ca = generateTestCa({ commonName: "AC DEMO BUZON", ...validity })
  const institute = generateTestCredential({ ca, ...INSTITUTE, representative: { rfc: "DEMO800101AB1", curp: "DEMO800101HDFXXX01" }, ...validity, password: DEMO_PASSWORD })
  const employer = generateTestCredential({ ca, ...EMPLOYER, representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" }, ...validity, password: DEMO_PASSWORD })
  write(dir, "demo-ca.cer", ca.certificate)
  write(dir, "demo-ca.key.pem", ca.privateKeyPem)
  write(dir, "institute.cer", institute.certificate)
  write(dir, "institute.key", institute.privateKey)
  write(dir, "employer.cer", employer.certificate)
  write(dir, "employer.key", employer.privateKey)
  write(dir, "password.txt", DEMO_PASSWORD)
  write(dir, "README.txt", `Demo credentials made by the Buzón example server (development mode only).\n` +
    `demo-ca.cer: the demo CA, trusted for e.firma in development.\ninstitute.cer/.key: the institute's sello digital.\n` +
    `employer.cer/.key: a demo employer FIEL (${EMPLOYER.rfc}, ${EMPLOYER.legalName}).\nKey password: password.txt\n`)
  return { dir, ca, institute, employer: { ...employer, ...EMPLOYER } }
}
