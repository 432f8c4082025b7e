/**
 * `buzon efirma inspect|validate|sign|verify|generate` (issue #3): read a `.cer`, validate a FIEL
 * against a trust folder at an instant, sign and verify (RSA PKCS#1 v1.5 SHA-256, base64), and
 * generate SAT-style test credentials. Exit codes: 0 done/valid, 1 refused/not valid, 2 bad usage.
 *
 * @since 0.1.0
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import {
  EfirmaRejected, generateTestCa, generateTestCredential, loadTrustStore, readCertificate, readCredential, sign, validateFiel,
  verifySignature, type Certificate,
} from "@buzon/core"
import { Command, CommanderError } from "commander"
import { Effect, Result } from "effect"
import { BadInput, instantArg } from "../input.js"
import { type CliIo, processIo } from "../io.js"
import { renderTable } from "../table.js"

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * The JSON of `inspect`: instants as ISO-8601 UTC.
 *
 * @example certificateJson(certificate).notAfter // => "2027-05-08T18:05:49.000Z"
 * @since 0.1.0
 */
export const certificateJson = (c: Certificate) => ({
  rfc: c.rfc,
  curp: c.curp,
  legalName: c.legalName,
  personType: c.personType,
  kind: c.kind,
  certificateNumber: c.certificateNumber,
  serial: c.serial,
  notBefore: iso(c.notBefore),
  notAfter: iso(c.notAfter),
  issuer: c.issuer,
  subject: c.subject,
  ...(c.representative === undefined ? {} : { representative: { rfc: c.representative.rfc, curp: c.representative.curp } }),
})

const utcMinute = (ms: number) => `${iso(ms).slice(0, 16).replace("T", " ")} UTC`

/**
 * The certificate for people: labelled lines, the representative of a persona moral, validity in UTC.
 *
 * @example certificateText(certificate).split("\n")[0] // => "RFC                 EKU9003173C9"
 * @since 0.1.0
 */
export const certificateText = (c: Certificate): string =>
  renderTable([
    ["RFC", c.rfc],
    ["CURP", c.curp === "" ? "(none: a persona moral has no CURP)" : c.curp],
    ["legal name", c.legalName],
    ["person", c.personType === "moral" ? "persona moral (12-character RFC)" : "persona física (13-character RFC)"],
    ...(c.representative === undefined ? [] : [["representative", `RFC ${c.representative.rfc}, CURP ${c.representative.curp}`]]),
    ["kind", c.kind === "FIEL" ? "FIEL (e.firma): may enroll, sign consent and open notifications" : "CSD (sello digital): not accepted where a FIEL is required"],
    ["certificate number", c.certificateNumber],
    ["valid", `${utcMinute(c.notBefore)} to ${utcMinute(c.notAfter)}`],
    ["issuer", c.issuer],
    ["subject", c.subject],
  ])

const readBytes = (path: string, flag: string): Uint8Array => {
  try {
    return new Uint8Array(readFileSync(path))
  } catch (error) {
    throw new BadInput({ reason: `${flag}: cannot read "${path}" (${(error as { code?: string }).code ?? "error"})` })
  }
}

/** Exit 1: the e.firma was refused or is not valid (the CLI's `run` maps CommanderError codes `buzon.*` to their exit code). */
const refused = (io: CliIo, json: boolean, error: EfirmaRejected, extra: Record<string, unknown> = {}): never => {
  if (json) io.stdout(JSON.stringify({ ...extra, code: error.code, detail: error.detail }))
  else io.stderr(`buzon: ${error.message} [${error.code}]`)
  throw new CommanderError(1, "buzon.efirma.refused", error.message)
}

const certificateArg = (io: CliIo, path: string, flag: string, json: boolean, extra: Record<string, unknown> = {}): Certificate => {
  const read = readCertificate(readBytes(path, flag))
  return Result.isSuccess(read) ? read.success : refused(io, json, read.failure, extra)
}

/** base64 text (what `sign` prints) or the raw signature bytes. */
const signatureArg = (bytes: Uint8Array): Uint8Array => {
  const text = Buffer.from(bytes).toString("latin1").trim()
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0 ? new Uint8Array(Buffer.from(text, "base64")) : bytes
}

const addInspect = (efirma: Command, io: CliIo) =>
  efirma
    .command("inspect")
    .description("read an e.firma certificate (.cer, DER or PEM)")
    .argument("<file>", "the certificate")
    .option("--json", "print one JSON object")
    .action((file: string, flags: { json?: boolean }) => {
      const c = certificateArg(io, file, "FILE", flags.json === true)
      io.stdout(flags.json === true ? JSON.stringify(certificateJson(c)) : certificateText(c))
    })

const addValidate = (efirma: Command, io: CliIo) =>
  efirma
    .command("validate")
    .description("is it a FIEL valid at an instant, chained to the CAs of --trust? (DOMAIN §2.1)")
    .argument("<file>", "the certificate")
    .requiredOption("--trust <dir>", "a folder of CA certificates (.cer/.crt/.der/.pem)")
    .option("--at <iso>", "the instant (ISO-8601; without offset read in America/Mexico_City); default: now")
    .option("--json", 'print { "valid": true } or { "valid": false, "code": "EFIRMA_…", "detail": "…" }')
    .action(async (file: string, flags: { trust: string; at?: string; json?: boolean }) => {
      const json = flags.json === true
      const at = flags.at === undefined ? Date.now() : instantArg(flags.at, "--at", "America/Mexico_City")
      let trust
      try {
        trust = loadTrustStore(flags.trust)
      } catch (error) {
        throw new BadInput({ reason: `--trust: ${error instanceof EfirmaRejected ? error.detail : `cannot read "${flags.trust}"`}` })
      }
      const certificate = certificateArg(io, file, "FILE", json, { valid: false })
      const result = await Effect.runPromise(Effect.result(validateFiel(certificate, { at, trust })))
      if (Result.isFailure(result)) return refused(io, json, result.failure, { valid: false })
      io.stdout(json ? JSON.stringify({ valid: true }) : `valid: FIEL ${certificate.certificateNumber} of ${certificate.rfc} at ${iso(at)}`)
    })

const addSign = (efirma: Command, io: CliIo) =>
  efirma
    .command("sign")
    .description("sign a file (RSA PKCS#1 v1.5, SHA-256); prints the signature in base64")
    .requiredOption("--cer <file>", "the certificate")
    .requiredOption("--key <file>", "the encrypted private key (.key)")
    .requiredOption("--password-file <file>", "a file holding the key's password (a trailing newline is ignored)")
    .requiredOption("--in <file>", "the data to sign")
    .action((flags: { cer: string; key: string; passwordFile: string; in: string }) => {
      const password = Buffer.from(readBytes(flags.passwordFile, "--password-file")).toString("utf8").replace(/\r?\n$/, "")
      const credential = readCredential(readBytes(flags.cer, "--cer"), readBytes(flags.key, "--key"), password)
      if (Result.isFailure(credential)) return refused(io, false, credential.failure)
      io.stdout(Buffer.from(sign(credential.success, readBytes(flags.in, "--in"))).toString("base64"))
    })

const addVerify = (efirma: Command, io: CliIo) =>
  efirma
    .command("verify")
    .description("verify a signature (base64 or raw) over a file with a certificate")
    .requiredOption("--cer <file>", "the certificate")
    .requiredOption("--in <file>", "the data")
    .requiredOption("--signature <file>", "the signature (base64 as printed by sign, or raw bytes)")
    .option("--json", 'print { "valid": true|false }')
    .action((flags: { cer: string; in: string; signature: string; json?: boolean }) => {
      const json = flags.json === true
      const certificate = certificateArg(io, flags.cer, "--cer", json, { valid: false })
      if (verifySignature(certificate, readBytes(flags.in, "--in"), signatureArg(readBytes(flags.signature, "--signature"))))
        return io.stdout(json ? JSON.stringify({ valid: true }) : `valid: signed by ${certificate.rfc} (certificate ${certificate.certificateNumber})`)
      refused(io, json, new EfirmaRejected({ code: "EFIRMA_SIGNATURE_INVALID", detail: `not a signature of ${flags.in} by certificate ${certificate.certificateNumber}` }), { valid: false })
    })

const YEAR = 365 * 86_400_000
const defaults = {
  fisica: { rfc: "MUÑO800101AB1", legalName: "JOSÉ MUÑOZ ORTEGA", curp: "MUOJ800101HDFXRS09" },
  moral: { rfc: "BUZ010101AB1", legalName: "BUZÓN DE PRUEBAS SA DE CV", representative: { rfc: "MUÑO800101AB1", curp: "MUOJ800101HDFXRS09" } },
}

const addGenerate = (efirma: Command, io: CliIo) =>
  efirma
    .command("generate")
    .description("write SAT-style TEST credentials (a test CA, a FIEL .cer/.key and its password) to a folder")
    .requiredOption("--out <dir>", "the folder (created if missing)")
    .option("--rfc <rfc>", "the holder's RFC (12 characters with --moral, 13 without)")
    .option("--name <name>", "the holder's legal name")
    .option("--moral", "a persona moral with a legal representative")
    .option("--csd", "a CSD (sello digital) instead of a FIEL")
    .option("--password <password>", "the .key password", "12345678a")
    .option("--json", "print one JSON object: the folder, the file names and the certificate")
    .action((flags: { out: string; rfc?: string; name?: string; moral?: boolean; csd?: boolean; password: string; json?: boolean }) => {
      const now = Date.now()
      const holder = flags.moral === true ? defaults.moral : defaults.fisica
      const rfc = flags.rfc ?? holder.rfc
      if (!/^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$/.test(rfc) || (rfc.length === 12) !== (flags.moral === true))
        throw new BadInput({ reason: `--rfc: "${rfc}" is not a ${flags.moral === true ? "12-character persona moral" : "13-character persona física"} RFC` })
      const ca = generateTestCa({ notBefore: now - YEAR, notAfter: now + 10 * YEAR })
      const credential = generateTestCredential({
        ca, ...holder, rfc, legalName: flags.name ?? holder.legalName, kind: flags.csd === true ? "CSD" : "FIEL",
        notBefore: now - 86_400_000, notAfter: now + 4 * YEAR, password: flags.password,
      })
      const files = { ca: "ca.cer", caKey: "ca.key.pem", certificate: "certificate.cer", privateKey: "private_key.key", password: "password.txt" }
      try {
        mkdirSync(flags.out, { recursive: true })
        writeFileSync(join(flags.out, files.ca), ca.certificate)
        writeFileSync(join(flags.out, files.caKey), ca.privateKeyPem, { mode: 0o600 })
        writeFileSync(join(flags.out, files.certificate), credential.certificate)
        writeFileSync(join(flags.out, files.privateKey), credential.privateKey)
        writeFileSync(join(flags.out, files.password), credential.password)
      } catch (error) {
        throw new BadInput({ reason: `--out: cannot write to "${flags.out}" (${(error as { code?: string }).code ?? "error"})` })
      }
      const certificate = Result.getOrThrow(readCertificate(credential.certificate))
      if (flags.json === true) return io.stdout(JSON.stringify({ dir: flags.out, files, certificate: certificateJson(certificate), testOnly: true }))
      io.stdout([
        `TEST credentials (not SAT's; for tests and demos only) written to ${flags.out}:`,
        renderTable([
          [files.ca, "the test CA's certificate: pass the folder as --trust"],
          [files.caKey, "the test CA's private key (PEM)"],
          [files.certificate, `${certificate.kind} of ${certificate.rfc} (${certificate.legalName}), certificate ${certificate.certificateNumber}`],
          [files.privateKey, "its private key, encrypted like SAT's .key (PKCS#8, PBES2)"],
          [files.password, "the key's password"],
        ]).replace(/^/gm, "  "),
        `valid ${utcMinute(certificate.notBefore)} to ${utcMinute(certificate.notAfter)}`,
      ].join("\n"))
    })

/**
 * Adds `buzon efirma` and its five subcommands to a program.
 *
 * @example registerEfirma(program) // buzon efirma validate cert.cer --trust ca/ --at 2026-11-30T12:00:00Z --json
 * @since 0.1.0
 */
export const registerEfirma = (program: Command, io: CliIo = processIo): void => {
  const efirma = program.command("efirma").description("SAT e.firma: inspect, validate, sign, verify, generate test credentials")
  addInspect(efirma, io)
  addValidate(efirma, io)
  addSign(efirma, io)
  addVerify(efirma, io)
  addGenerate(efirma, io)
}
