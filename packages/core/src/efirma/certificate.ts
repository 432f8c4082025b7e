/**
 * An e.firma certificate as the mailbox reads it: who it names (RFC, CURP, legal name, the
 * representative of a persona moral), what it is (FIEL or CSD), its number and validity
 * (DOMAIN §9; the SAT fixtures' README is the field-by-field reference).
 *
 * @since 0.1.0
 */
import { createHash, type KeyObject } from "node:crypto"
import { Result } from "effect"
import { makeRecentCache } from "../cache/recentCache.js"
import { EfirmaRejected, rejected } from "./errors.js"
import type { Representative } from "./identity.js"
import { certificateDer, parseX509, type ParsedX509 } from "./x509.js"

/**
 * A parsed e.firma certificate. Instants are UTC epoch ms; `der` is the exact certificate.
 *
 * @example
 * const certificate = Result.getOrThrow(readCertificate(cerBytes))
 * certificate.rfc // => "EKU9003173C9"
 * certificate.representative // => { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" }
 * @since 0.1.0
 */
export interface Certificate {
  /** The holder's RFC (x500UniqueIdentifier before the slash). */
  readonly rfc: string
  /** The holder's CURP (serialNumber); empty for a persona moral, which has none. */
  readonly curp: string
  /** `name` (2.5.4.41), else CN, else O. */
  readonly legalName: string
  /** A 12-character RFC is a persona moral, 13 a persona física (DOMAIN §1). */
  readonly personType: "moral" | "fisica"
  /** DOMAIN §9: a CSD has an OU and only digitalSignature + nonRepudiation; a FIEL has neither trait. */
  readonly kind: "FIEL" | "CSD"
  /** DOMAIN §9: the serial's hex read as ASCII digits (`…3135` → `…15`). */
  readonly certificateNumber: string
  /** The serial number in lowercase hex. */
  readonly serial: string
  /** RFC 4514 strings, most specific attribute first. */
  readonly issuer: string
  readonly subject: string
  readonly notBefore: number
  readonly notAfter: number
  /** A persona moral's legal representative: RFC and CURP after the slash (DOMAIN §9). */
  readonly representative?: Representative
  readonly der: Uint8Array
  /** The subject's public key, ready for `node:crypto`. */
  readonly publicKey: KeyObject
}

/** RFC shape: 3 (moral) or 4 (física) letters incl. Ñ and &, a yymmdd date, a 3-character homoclave. */
const rfcPattern = /^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$/

/** Internal link from the public value to its parsed form (chain building, OCSP). */
const parsedOf = new WeakMap<Certificate, ParsedX509>()
/** The parsed form of a certificate (re-parsed from `der` when the value was built by hand). */
export const parsedCertificate = (certificate: Certificate): ParsedX509 | EfirmaRejected =>
  parsedOf.get(certificate) ?? parseX509(certificate.der)

/** Parsed certificates by SHA-256 of their DER, the 10,000 used lately: a login presents the same bytes again and again. */
const cache = makeRecentCache<string, Certificate>(10_000)

const attribute = (parsed: ParsedX509, oid: string): string | undefined =>
  parsed.subjectAttributes.find((a) => a.oid === oid)?.value

const slashParts = (value: string): readonly [string, string] => {
  const at = value.indexOf("/")
  return at < 0 ? [value.trim(), ""] : [value.slice(0, at).trim(), value.slice(at + 1).trim()]
}

/** DOMAIN §9: the hex serial read as ASCII; serials that are not ASCII digits keep their hex. */
export const certificateNumberOf = (serialHex: string): string => {
  const ascii = Buffer.from(serialHex.length % 2 === 0 ? serialHex : `0${serialHex}`, "hex").toString("latin1")
  return /^\d+$/.test(ascii) ? ascii : serialHex
}

const toCertificate = (parsed: ParsedX509): Certificate | EfirmaRejected => {
  const uniqueIdentifier = attribute(parsed, "2.5.4.45")
  if (uniqueIdentifier === undefined)
    return rejected("EFIRMA_MALFORMED", `no RFC (x500UniqueIdentifier) in the subject ${parsed.subject}: not an e.firma certificate`)
  const [rfc, representativeRfc] = slashParts(uniqueIdentifier)
  if (!rfcPattern.test(rfc)) return rejected("EFIRMA_MALFORMED", `the subject's RFC "${rfc}" is not an RFC`)
  const [curp, representativeCurp] = slashParts(attribute(parsed, "2.5.4.5") ?? "")
  const legalName = attribute(parsed, "2.5.4.41") ?? attribute(parsed, "2.5.4.3") ?? attribute(parsed, "2.5.4.10") ?? ""
  const usage = parsed.keyUsage
  const signingOnly =
    usage !== undefined && usage.length === 2 && usage.includes("digitalSignature") && usage.includes("nonRepudiation")
  return {
    rfc,
    curp,
    legalName,
    personType: rfc.length === 12 ? "moral" : "fisica",
    kind: attribute(parsed, "2.5.4.11") !== undefined || signingOnly ? "CSD" : "FIEL",
    certificateNumber: certificateNumberOf(parsed.serialHex),
    serial: parsed.serialHex,
    issuer: parsed.issuer,
    subject: parsed.subject,
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    ...(representativeRfc !== "" ? { representative: { rfc: representativeRfc, curp: representativeCurp } } : {}),
    der: parsed.der,
    publicKey: parsed.publicKey,
  }
}

/**
 * Reads an e.firma certificate from DER or PEM. Anything unreadable, or a certificate without an
 * RFC, is `EFIRMA_MALFORMED`; nothing throws. Results are cached by content, so a login that presents
 * the same `.cer` again costs a hash.
 *
 * @example
 * readCertificate(readFileSync("certificate.cer")) // => Result.succeed({ rfc: "CACX7605101P8", kind: "FIEL", … })
 * readCertificate("not a certificate") // => Result.fail(EfirmaRejected { code: "EFIRMA_MALFORMED", … })
 * @since 0.1.0
 */
export const readCertificate = (input: Uint8Array | string): Result.Result<Certificate, EfirmaRejected> => {
  const der = certificateDer(input)
  if (der === undefined || der.length === 0) return Result.fail(rejected("EFIRMA_MALFORMED", "neither DER nor a PEM certificate"))
  const digest = createHash("sha256").update(der).digest("base64")
  const known = cache.get(digest)
  if (known !== undefined) return Result.succeed(known)
  const parsed = parseX509(new Uint8Array(der))
  if (parsed instanceof EfirmaRejected) return Result.fail(parsed)
  const certificate = toCertificate(parsed)
  if (certificate instanceof EfirmaRejected) return Result.fail(certificate)
  parsedOf.set(certificate, parsed)
  cache.set(digest, certificate)
  return Result.succeed(certificate)
}
