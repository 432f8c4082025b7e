/**
 * Reading X.509 certificates: forge walks the ASN.1 (SAT's names are UTF8String or T61String, which
 * Node does not expose decoded), `node:crypto` holds the public key and checks signatures (DOMAIN §9:
 * parse with forge, verify with crypto). Internal to the efirma folder: `certificate.ts` and
 * `trust.ts` build the public values on top.
 *
 * @since 0.1.0
 */
import { X509Certificate, type KeyObject } from "node:crypto"
import forge from "node-forge"
import { causeText, rejected, type EfirmaRejected } from "./errors.js"

/** One attribute of a distinguished name, its value decoded to a JS string. */
export interface NameAttribute {
  readonly oid: string
  readonly value: string
}

/** What the efirma folder needs from any certificate (leaf or CA). */
export interface ParsedX509 {
  readonly der: Uint8Array
  readonly serialHex: string
  readonly subjectAttributes: ReadonlyArray<NameAttribute>
  readonly subject: string
  readonly issuer: string
  /** Names compared the RFC 5280 §7.1 way, loosely: case and inner spaces folded. */
  readonly subjectKey: string
  readonly issuerKey: string
  readonly notBefore: number
  readonly notAfter: number
  /** Key-usage bits that are set, e.g. `["digitalSignature", "nonRepudiation"]`; undefined without the extension. */
  readonly keyUsage: ReadonlyArray<string> | undefined
  readonly isCa: boolean
  readonly publicKey: KeyObject
  readonly x509: X509Certificate
}

/** The attribute OIDs SAT uses, with the short names of RFC 4514 / OpenSSL. */
export const attributeNames: Readonly<Record<string, string>> = {
  "2.5.4.3": "CN",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "street",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.17": "postalCode",
  "2.5.4.41": "name",
  "2.5.4.45": "x500UniqueIdentifier",
  "1.2.840.113549.1.9.1": "emailAddress",
  "1.2.840.113549.1.9.2": "unstructuredName",
}

const keyUsageBits = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
] as const

const T = forge.asn1.Type

/** Decodes a directory string by its ASN.1 type. DOMAIN §9: SAT writes Ñ as UTF8String or T61String (Latin-1). */
export const decodeDirectoryString = (type: number, raw: string): string => {
  switch (type) {
    case T.UTF8:
      return Buffer.from(raw, "latin1").toString("utf8")
    case T.BMPSTRING:
      return Buffer.from(raw, "latin1").swap16().toString("utf16le")
    default:
      // T61String: SAT's encoder writes Latin-1 bytes (Ñ = 0xD1); Printable/IA5 are ASCII, a subset.
      return raw
  }
}

const escapeValue = (value: string): string =>
  value.replace(/([,+"\\<>;=])/g, "\\$1").replace(/^([ #])/, "\\$1").replace(/ $/, "\\ ")

const nameOf = (attributes: ReadonlyArray<NameAttribute>): string =>
  // RFC 4514 writes the most specific RDN first: the reverse of the encoded order.
  [...attributes]
    .reverse()
    .map((a) => `${attributeNames[a.oid] ?? a.oid}=${escapeValue(a.value)}`)
    .join(",")

const keyOf = (attributes: ReadonlyArray<NameAttribute>): string =>
  attributes.map((a) => `${a.oid}=${a.value.trim().replace(/\s+/g, " ").toLowerCase()}`).join("\u0000")

const readName = (rdnSequence: forge.asn1.Asn1): ReadonlyArray<NameAttribute> => {
  const attributes: Array<NameAttribute> = []
  for (const set of rdnSequence.value as Array<forge.asn1.Asn1>) {
    for (const pair of set.value as Array<forge.asn1.Asn1>) {
      const [oid, value] = pair.value as Array<forge.asn1.Asn1>
      if (oid === undefined || value === undefined || typeof value.value !== "string") throw new Error("bad name attribute")
      attributes.push({ oid: forge.asn1.derToOid(oid.value as string), value: decodeDirectoryString(value.type, value.value) })
    }
  }
  return attributes
}

/** The parts of a TBSCertificate by position (the version is optional, so positions shift). */
export const tbsParts = (certificate: forge.asn1.Asn1) => {
  const tbs = (certificate.value as Array<forge.asn1.Asn1>)[0]
  if (tbs === undefined || !Array.isArray(tbs.value)) throw new Error("no TBSCertificate")
  const fields = tbs.value as Array<forge.asn1.Asn1>
  const at = fields[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0
  const part = (i: number) => {
    const field = fields[at + i]
    if (field === undefined) throw new Error("short TBSCertificate")
    return field
  }
  return { serial: part(0), issuer: part(2), validity: part(3), subject: part(4), subjectPublicKeyInfo: part(5) }
}

const binary = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")

/** Parses forge ASN.1 from DER; strict, every byte consumed. Throws on anything else. */
export const derToAsn1 = (der: Uint8Array): forge.asn1.Asn1 =>
  forge.asn1.fromDer(binary(der), { strict: true, parseAllBytes: true, decodeBitStrings: true } as unknown as boolean)

/**
 * Our words for why bytes are not the DER we expected, from what the parser threw: users read
 * `detail`, and forge's "Too few bytes to read ASN.1 value." tells them nothing.
 */
export const derTrouble = (cause: unknown): string => {
  const said = causeText(cause)
  if (/too few bytes/i.test(said)) return "the data ends before its structure does (a truncated file, or not DER)"
  if (/unparsed der bytes remain/i.test(said)) return "there are extra bytes after the structure (two files joined, or not DER)"
  return "the bytes are not the DER structure expected"
}

const pemBlock = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/

/** DER bytes from DER or PEM input (a PEM string, or PEM text as bytes). */
export const certificateDer = (input: Uint8Array | string): Uint8Array | undefined => {
  const looksPem = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 64)).toString("latin1").includes("-----BEGIN")
  const text = typeof input === "string" ? input : looksPem(input) ? Buffer.from(input).toString("latin1") : undefined
  if (text === undefined) return input as Uint8Array
  const body = pemBlock.exec(text)?.[1]
  return body === undefined ? undefined : new Uint8Array(Buffer.from(body.replace(/\s+/g, ""), "base64"))
}

/**
 * Parses a certificate's DER. Any failure, from forge or from Node, becomes `EFIRMA_MALFORMED`
 * with the library's words in `detail` (never thrown).
 */
export const parseX509 = (der: Uint8Array): ParsedX509 | EfirmaRejected => {
  try {
    const asn1 = derToAsn1(der)
    const parts = tbsParts(asn1)
    const cert = forge.pki.certificateFromAsn1(asn1)
    const x509 = new X509Certificate(der)
    const subjectAttributes = readName(parts.subject)
    const issuerAttributes = readName(parts.issuer)
    const notBefore = cert.validity.notBefore.getTime()
    const notAfter = cert.validity.notAfter.getTime()
    if (!Number.isFinite(notBefore) || !Number.isFinite(notAfter)) throw new Error("unreadable validity dates")
    const usage = cert.getExtension("keyUsage") as Record<string, unknown> | null
    const constraints = cert.getExtension("basicConstraints") as { cA?: boolean } | null
    return {
      der,
      serialHex: cert.serialNumber.toLowerCase(),
      subjectAttributes,
      subject: nameOf(subjectAttributes),
      issuer: nameOf(issuerAttributes),
      subjectKey: keyOf(subjectAttributes),
      issuerKey: keyOf(issuerAttributes),
      notBefore,
      notAfter,
      keyUsage: usage === null ? undefined : keyUsageBits.filter((bit) => usage[bit] === true),
      isCa: constraints?.cA === true,
      publicKey: x509.publicKey,
      x509,
    }
  } catch (cause) {
    return rejected("EFIRMA_MALFORMED", `not an X.509 certificate: ${derTrouble(cause)}`)
  }
}

/** True when `issuer`'s key verifies `subject`'s signature (node:crypto; false on any failure). */
export const signedBy = (subject: ParsedX509, issuer: ParsedX509): boolean => {
  try {
    return subject.x509.verify(issuer.publicKey)
  } catch {
    return false
  }
}
