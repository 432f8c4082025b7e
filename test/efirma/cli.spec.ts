/**
 * `buzon efirma …` in-process (issue #3): JSON keys, exit codes 0 (valid/done), 1 (refused / not
 * valid), 2 (bad usage); and through the built bin when `packages/cli/dist/bin.js` exists.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { run, type CliIo } from "../../packages/cli/src/index.js"
import { noSatFixtures, satFixturesDir } from "../support/satFixtures.js"

const dir = mkdtempSync(join(tmpdir(), "buzon-efirma-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const capture = () => {
  const out: Array<string> = [], err: Array<string> = []
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), readFile: (p) => readFileSync(p, "utf8") }
  return { io, out, err }
}

const viaRun = async (...argv: Array<string>) => {
  const { io, out, err } = capture()
  const code = await run(["efirma", ...argv], io)
  return { code, stdout: out.join("\n"), stderr: err.join("\n") }
}

/** The efirma commands answer 0 (valid/done), 1 (refused / not valid) or 2 (bad usage) through `run`. */
const efirma = viaRun

// One generated credential (física, with Ñ) and one persona moral, written by the CLI itself.
const fisicaDir = join(dir, "fisica")
const moralDir = join(dir, "moral")

describe("buzon efirma generate / inspect / validate / sign / verify (generated credentials)", () => {
  it("generate --json writes SAT-style test files and prints their certificate", async () => {
    const result = await viaRun("generate", "--out", fisicaDir, "--json")
    expect([result.code, result.stderr]).toEqual([0, ""])
    const json = JSON.parse(result.stdout)
    expect({ ...json, certificate: { ...json.certificate, certificateNumber: "*", serial: "*", notBefore: "*", notAfter: "*", issuer: "*", subject: "*" } }).toEqual({
      dir: fisicaDir,
      files: { ca: "ca.cer", caKey: "ca.key.pem", certificate: "certificate.cer", privateKey: "private_key.key", password: "password.txt" },
      certificate: {
        rfc: "MUÑO800101AB1", curp: "MUOJ800101HDFXRS09", legalName: "JOSÉ MUÑOZ ORTEGA", personType: "fisica", kind: "FIEL",
        certificateNumber: "*", serial: "*", notBefore: "*", notAfter: "*", issuer: "*", subject: "*",
      },
      testOnly: true,
    })
    expect(readFileSync(join(fisicaDir, "password.txt"), "utf8")).toBe("12345678a")
  })

  it("generate --moral names the representative; inspect --json shows the issue's keys", async () => {
    expect((await viaRun("generate", "--out", moralDir, "--moral", "--rfc", "OÑO120726RX3")).code).toBe(0)
    const result = await viaRun("inspect", join(moralDir, "certificate.cer"), "--json")
    const json = JSON.parse(result.stdout)
    expect(Object.keys(json).sort()).toEqual(
      ["certificateNumber", "curp", "issuer", "kind", "legalName", "notAfter", "notBefore", "personType", "representative", "rfc", "serial", "subject"],
    )
    expect([json.rfc, json.curp, json.personType, json.kind, json.representative]).toEqual([
      "OÑO120726RX3", "", "moral", "FIEL", { rfc: "MUÑO800101AB1", curp: "MUOJ800101HDFXRS09" },
    ])
  })

  it("generate without --json tells a person what each file is", async () => {
    const out = join(dir, "human")
    const result = await viaRun("generate", "--out", out, "--csd")
    const certificate = JSON.parse((await viaRun("inspect", join(out, "certificate.cer"), "--json")).stdout)
    const minute = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`
    expect(result).toEqual({
      code: 0, stderr: "", stdout: [
        `TEST credentials (not SAT's; for tests and demos only) written to ${out}:`,
        "  ca.cer           the test CA's certificate: pass the folder as --trust",
        "  ca.key.pem       the test CA's private key (PEM)",
        `  certificate.cer  CSD of MUÑO800101AB1 (JOSÉ MUÑOZ ORTEGA), certificate ${certificate.certificateNumber}`,
        "  private_key.key  its private key, encrypted like SAT's .key (PKCS#8, PBES2)",
        "  password.txt     the key's password",
        `valid ${minute(certificate.notBefore)} to ${minute(certificate.notAfter)}`,
      ].join("\n"),
    })
  })

  it("generate refuses an RFC of the wrong length for the person type (exit 2)", async () => {
    expect(await viaRun("generate", "--out", join(dir, "x"), "--rfc", "OÑO120726RX3")).toEqual({
      code: 2, stdout: "", stderr: 'buzon: --rfc: "OÑO120726RX3" is not a 13-character persona física RFC',
    })
  })

  it("validate: valid now against the generated CA (exit 0), untrusted against an empty folder (exit 1)", async () => {
    const cer = join(fisicaDir, "certificate.cer")
    expect(await efirma("validate", cer, "--trust", fisicaDir, "--json")).toEqual({ code: 0, stdout: '{"valid":true}', stderr: "" })
    const empty = mkdtempSync(join(dir, "empty-"))
    const refused = await efirma("validate", cer, "--trust", empty, "--json")
    expect([refused.code, JSON.parse(refused.stdout).valid, JSON.parse(refused.stdout).code]).toEqual([1, false, "EFIRMA_UNTRUSTED_ISSUER"])
  })

  it("validate: bad usage is exit 2 (unreadable --at, missing --trust, missing file)", async () => {
    const cer = join(fisicaDir, "certificate.cer")
    expect(await viaRun("validate", cer, "--trust", fisicaDir, "--at", "yesterday")).toEqual({
      code: 2, stdout: "", stderr: 'buzon: --at: "yesterday" is not an ISO-8601 date-time such as 2026-03-11T10:00:00-06:00',
    })
    expect((await viaRun("validate", cer)).code).toBe(2)
    expect(await viaRun("validate", join(dir, "nope.cer"), "--trust", fisicaDir)).toEqual({
      code: 2, stdout: "", stderr: `buzon: FILE: cannot read "${join(dir, "nope.cer")}" (ENOENT)`,
    })
  })

  it("sign prints base64 that verify accepts (exit 0); another file does not verify (exit 1)", async () => {
    const data = join(dir, "consent.txt")
    writeFileSync(data, "||1.0|MUÑO800101AB1|términos y condiciones||")
    const signed = await viaRun("sign", "--cer", join(fisicaDir, "certificate.cer"), "--key", join(fisicaDir, "private_key.key"), "--password-file", join(fisicaDir, "password.txt"), "--in", data)
    expect([signed.code, signed.stderr, Buffer.from(signed.stdout, "base64").length]).toEqual([0, "", 256])
    const signature = join(dir, "consent.sig")
    writeFileSync(signature, `${signed.stdout}\n`)
    expect(await efirma("verify", "--cer", join(fisicaDir, "certificate.cer"), "--in", data, "--signature", signature, "--json")).toEqual({ code: 0, stdout: '{"valid":true}', stderr: "" })
    writeFileSync(join(dir, "other.txt"), "otra cosa")
    const bad = await efirma("verify", "--cer", join(fisicaDir, "certificate.cer"), "--in", join(dir, "other.txt"), "--signature", signature, "--json")
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.stdout)).toEqual({ valid: false, code: "EFIRMA_SIGNATURE_INVALID", detail: `not a signature of ${join(dir, "other.txt")} by certificate ${JSON.parse((await viaRun("inspect", join(fisicaDir, "certificate.cer"), "--json")).stdout).certificateNumber}` })
  })

  it("sign with a wrong password or another holder's key is refused (exit 1) with the reason", async () => {
    const wrong = join(dir, "wrong.txt")
    writeFileSync(wrong, "nope\n")
    const args = (key: string, password: string) => ["sign", "--cer", join(fisicaDir, "certificate.cer"), "--key", key, "--password-file", password, "--in", wrong]
    const badPassword = await efirma(...args(join(fisicaDir, "private_key.key"), wrong))
    expect([badPassword.code, badPassword.stderr.startsWith("buzon: The private key password is wrong (or the .key file is damaged):"), badPassword.stderr.endsWith("[EFIRMA_BAD_PASSWORD]")]).toEqual([1, true, true])
    const mismatch = await efirma(...args(join(moralDir, "private_key.key"), join(moralDir, "password.txt")))
    expect([mismatch.code, mismatch.stderr.endsWith("[EFIRMA_KEY_MISMATCH]")]).toEqual([1, true])
  })
})

describe.skipIf(noSatFixtures)("buzon efirma on SAT's fixtures", () => {
  const sat = (name: string) => join(satFixturesDir ?? "", name, "certificate.cer")
  const trust = join(satFixturesDir ?? "", "ca", "test")

  it("inspect without --json: labelled lines for people, the representative of a persona moral", async () => {
    const result = await viaRun("inspect", sat("moral-fiel-EKU9003173C9"))
    const lines = result.stdout.split("\n")
    expect([result.code, result.stderr, lines.slice(0, 8)]).toEqual([0, "", [
      "RFC                 EKU9003173C9",
      "CURP                (none: a persona moral has no CURP)",
      "legal name          ESCUELA KEMPER URGATE SA DE CV",
      "person              persona moral (12-character RFC)",
      "representative      RFC VADA800927DJ3, CURP VADA800927HSRSRL05",
      "kind                FIEL (e.firma): may enroll, sign consent and open notifications",
      "certificate number  30001000000500003415",
      "valid               2023-05-18 04:37 UTC to 2027-05-17 04:37 UTC",
    ]])
    expect(lines.slice(8).map((l) => l.split(/\s{2,}/)[0])).toEqual(["issuer", "subject"])
  })

  it("validate without --json: one line for people; a refusal on stderr with its code (exit 1)", async () => {
    const at = "2026-11-30T12:00:00Z"
    expect(await efirma("validate", sat("fisica-fiel-CACX7605101P8"), "--trust", trust, "--at", at)).toEqual({
      code: 0, stdout: "valid: FIEL 30001000000500003282 of CACX7605101P8 at 2026-11-30T12:00:00.000Z", stderr: "",
    })
    expect(await efirma("validate", sat("moral-csd-EKU9003173C9"), "--trust", trust, "--at", at)).toEqual({
      code: 1, stdout: "",
      stderr: "buzon: This is not a FIEL (e.firma); a CSD (sello digital) cannot be used here: certificate 30001000000500003416 is a CSD (sello digital), not a FIEL [EFIRMA_NOT_FIEL]",
    })
  })

  it("inspect --json of the persona moral FIEL", async () => {
    const result = await viaRun("inspect", sat("moral-fiel-EKU9003173C9"), "--json")
    const json = JSON.parse(result.stdout)
    expect({ ...json, issuer: undefined, subject: undefined }).toEqual({
      rfc: "EKU9003173C9", curp: "", legalName: "ESCUELA KEMPER URGATE SA DE CV", personType: "moral", kind: "FIEL",
      certificateNumber: "30001000000500003415", serial: "3330303031303030303030353030303033343135",
      notBefore: "2023-05-18T04:37:14.000Z", notAfter: "2027-05-17T04:37:14.000Z",
      representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" }, issuer: undefined, subject: undefined,
    })
  })

  it("validate at a fixed instant: valid FIEL 0, CSD 1 NOT_FIEL, expired 1 EXPIRED", async () => {
    const at = "2026-11-30T12:00:00Z"
    expect(await efirma("validate", sat("fisica-fiel-CACX7605101P8"), "--trust", trust, "--at", at, "--json")).toEqual({ code: 0, stdout: '{"valid":true}', stderr: "" })
    const csd = await efirma("validate", sat("moral-csd-EKU9003173C9"), "--trust", trust, "--at", at, "--json")
    expect([csd.code, JSON.parse(csd.stdout)]).toEqual([1, { valid: false, code: "EFIRMA_NOT_FIEL", detail: "certificate 30001000000500003416 is a CSD (sello digital), not a FIEL" }])
    const expired = await efirma("validate", sat("expired-fisica-fiel-IANL750210963-enye"), "--trust", trust, "--at", at, "--json")
    expect([expired.code, JSON.parse(expired.stdout)]).toEqual([1, { valid: false, code: "EFIRMA_EXPIRED", detail: "certificate 30001000000400002431 expired 2023-06-13T21:58:00.000Z" }])
  })
})

const bin = fileURLToPath(new URL("../../packages/cli/dist/bin.js", import.meta.url))
const built = existsSync(bin) && existsSync(fileURLToPath(new URL("../../packages/cli/dist/commands/efirma.js", import.meta.url)))
describe("through the built bin", () => {
  if (!built) console.warn(`[skip] ${bin} is not built with the efirma command (npm run build): the bin test is skipped; the in-process tests cover the commands.`)
  it.skipIf(!built)("buzon efirma inspect --json on a generated certificate", () => {
    const result = spawnSync(process.execPath, [bin, "efirma", "inspect", join(fisicaDir, "certificate.cer"), "--json"], { encoding: "utf8" })
    expect([result.status, JSON.parse(result.stdout).rfc]).toEqual([0, "MUÑO800101AB1"])
  })
})
