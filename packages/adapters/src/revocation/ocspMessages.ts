/**
 * OCSP messages (RFC 6960) in DER, laid out with forge's ASN.1: the request for one certificate,
 * and the reading of a response down to the single answer about it. The signature over
 * `tbsResponseData` is checked on the exact bytes received (sliced, not re-encoded).
 *
 * @since 0.1.0
 */
import { createHash, verify, type KeyObject } from "node:crypto"
import forge from "node-forge"
import type { RevocationQuery, RevocationStatus } from "@buzon/core"

const { asn1 } = forge
type Asn1 = forge.asn1.Asn1
const U = asn1.Class.UNIVERSAL
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")
const fromDer = (bytes: Uint8Array | string): Asn1 =>
  asn1.fromDer(typeof bytes === "string" ? bytes : latin1(bytes), { strict: true, parseAllBytes: true, decodeBitStrings: false } as unknown as boolean)
const seq = (...items: Array<Asn1>) => asn1.create(U, asn1.Type.SEQUENCE, true, items)
const kids = (node: Asn1 | undefined, what: string): Array<Asn1> => {
  if (node === undefined || !Array.isArray(node.value)) throw new Error(`OCSP: ${what} is missing or not a structure`)
  return node.value as Array<Asn1>
}
const text = (node: Asn1 | undefined, what: string): string => {
  if (node === undefined || typeof node.value !== "string") throw new Error(`OCSP: ${what} is missing`)
  return node.value
}

/** How the request names the certificate (SHA-1, the algorithm every responder supports). */
export interface CertId {
  readonly issuerNameHash: string
  readonly issuerKeyHash: string
  /** The serial's INTEGER content bytes, as a latin1 string. */
  readonly serial: string
}

const sha1 = (bytes: string) => createHash("sha1").update(Buffer.from(bytes, "latin1")).digest().toString("latin1")

/** RFC 6960 §4.1.1 CertID: hashes of the issuer's subject name DER and of its public key bits. */
export const certIdOf = (query: RevocationQuery): CertId => {
  const tbs = kids(kids(fromDer(query.issuer.der), "issuer certificate")[0], "TBSCertificate")
  const at = tbs[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0
  const subject = tbs[at + 4]
  const publicKeyBits = kids(tbs[at + 5], "subjectPublicKeyInfo")[1]
  if (subject === undefined) throw new Error("OCSP: issuer certificate has no subject")
  const serialBytes = Buffer.from(query.certificate.serial.length % 2 ? `0${query.certificate.serial}` : query.certificate.serial, "hex")
  const serial = (serialBytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), serialBytes]) : serialBytes
  return {
    issuerNameHash: sha1(asn1.toDer(subject).getBytes()),
    issuerKeyHash: sha1(text(publicKeyBits, "issuer public key").slice(1)), // drop the unused-bits octet
    serial: serial.toString("latin1"),
  }
}

const SHA1 = "1.3.14.3.2.26"
const certIdAsn1 = (id: CertId) =>
  seq(
    seq(asn1.create(U, asn1.Type.OID, false, asn1.oidToDer(SHA1).getBytes()), asn1.create(U, asn1.Type.NULL, false, "")),
    asn1.create(U, asn1.Type.OCTETSTRING, false, id.issuerNameHash),
    asn1.create(U, asn1.Type.OCTETSTRING, false, id.issuerKeyHash),
    asn1.create(U, asn1.Type.INTEGER, false, id.serial),
  )

const NONCE = "1.3.6.1.5.5.7.48.1.2"
const octetString = (bytes: string) => asn1.create(U, asn1.Type.OCTETSTRING, false, bytes)

/** RFC 8954: the nonce extension, its value an OCTET STRING wrapped in the extension's OCTET STRING. */
const nonceExtensions = (nonce: Uint8Array) =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, true, [
    seq(seq(asn1.create(U, asn1.Type.OID, false, asn1.oidToDer(NONCE).getBytes()), octetString(asn1.toDer(octetString(latin1(nonce))).getBytes()))),
  ])

/**
 * OCSPRequest { TBSRequest { requestList { Request { CertID } }, [2] nonce? } }, unsigned. With a
 * nonce, a responder that echoes it proves its answer was made for this request (RFC 8954).
 */
export const ocspRequest = (id: CertId, nonce?: Uint8Array): Uint8Array => {
  const tbsRequest = nonce === undefined ? seq(seq(seq(certIdAsn1(id)))) : seq(seq(seq(certIdAsn1(id))), nonceExtensions(nonce))
  return new Uint8Array(Buffer.from(asn1.toDer(seq(tbsRequest)).getBytes(), "latin1"))
}

/** The nonce a ResponseData echoes (its `[1]` responseExtensions), if any, as the inner OCTET STRING's bytes. */
const echoedNonce = (extensions: Asn1 | undefined): string | undefined => {
  if (extensions === undefined) return undefined
  for (const extension of kids(kids(extensions, "responseExtensions")[0], "Extensions")) {
    const [oid, ...rest] = kids(extension, "Extension")
    if (asn1.derToOid(text(oid, "extnID")) !== NONCE) continue
    const value = text(rest[rest.length - 1], "nonce")
    return text(fromDer(value), "nonce value")
  }
  return undefined
}

/** The first element inside a DER SEQUENCE, as its exact bytes (for signature checks). */
const firstElementBytes = (der: string): string => {
  const headerLength = (at: number) => {
    const first = der.charCodeAt(at + 1)
    return first < 0x80 ? { header: 2, length: first } : lengthOf(at, first & 0x7f)
  }
  const lengthOf = (at: number, octets: number) => {
    let length = 0
    for (let i = 0; i < octets; i++) length = length * 256 + der.charCodeAt(at + 2 + i)
    return { header: 2 + octets, length }
  }
  const outer = headerLength(0)
  const inner = headerLength(outer.header)
  return der.slice(outer.header, outer.header + inner.header + inner.length)
}

const signatureHashes: Readonly<Record<string, string>> = {
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
}
const responseStatuses = ["successful", "malformedRequest", "internalError", "tryLater", "(unused)", "sigRequired", "unauthorized"]
const crlReasons = [
  "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded", "cessationOfOperation",
  "certificateHold", "(unused)", "removeFromCRL", "privilegeWithdrawn", "aACompromise",
]
const BASIC = "1.3.6.1.5.5.7.48.1.1"

const time = (node: Asn1 | undefined, what: string): number => {
  const ms = asn1.generalizedTimeToDate(text(node, what)).getTime()
  if (!Number.isFinite(ms)) throw new Error(`OCSP: ${what} is not a time`)
  return ms
}

/** The answer about one certificate, with the response's validity window. */
export interface OcspAnswer {
  readonly status: RevocationStatus
  readonly thisUpdate: number
  /** When newer information will be available; absent: any time (do not cache). */
  readonly nextUpdate?: number
}

/**
 * Reads an OCSPResponse: checks it is successful and basic, that `responderKey` signed it, that an
 * echoed nonce is the one sent, and finds the SingleResponse for `id`. Throws an Error with the reason otherwise (the caller turns
 * it into EFIRMA_REVOCATION_UNKNOWN).
 */
export const readOcspResponse = (body: Uint8Array, id: CertId, responderKey: KeyObject, nonce?: Uint8Array): OcspAnswer => {
  const [status, responseBytes] = kids(fromDer(body), "OCSPResponse")
  const code = text(status, "responseStatus").charCodeAt(0)
  if (code !== 0) throw new Error(`the responder answered ${responseStatuses[code] ?? `status ${code}`}`)
  const [type, octets] = kids(kids(responseBytes, "responseBytes")[0], "ResponseBytes")
  if (asn1.derToOid(text(type, "responseType")) !== BASIC) throw new Error("OCSP: not a basic response")
  const basicDer = text(octets, "BasicOCSPResponse")
  const [tbs, algorithm, signature] = kids(fromDer(basicDer), "BasicOCSPResponse")
  const hash = signatureHashes[asn1.derToOid(text(kids(algorithm, "signatureAlgorithm")[0], "signature algorithm"))]
  if (hash === undefined) throw new Error("OCSP: unsupported signature algorithm")
  const signed = Buffer.from(firstElementBytes(basicDer), "latin1")
  const signatureBytes = Buffer.from(text(signature, "signature").slice(1), "latin1")
  if (!verify(hash, signed, responderKey, signatureBytes)) throw new Error("the response is not signed by the configured responder")
  const data = kids(tbs, "ResponseData")
  const at = data[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC && data[0]?.type === 0 ? 1 : 0
  const producedAt = time(data[at + 1], "producedAt")
  // After `responses` only (the responderID before it may also be tagged [1]: byName).
  const echoed = echoedNonce(data.slice(at + 3).find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 1))
  // RFC 8954 §2.1: a responder may answer without the nonce (pre-produced answers); one it echoes must match.
  if (echoed !== undefined && nonce !== undefined && echoed !== latin1(nonce)) throw new Error("the response's nonce is not this request's (a replay?)")
  for (const single of kids(data[at + 2], "responses")) {
    const [certId, certStatus, thisUpdate, ...rest] = kids(single, "SingleResponse")
    const [, nameHash, keyHash, serial] = kids(certId, "CertID")
    if (text(nameHash, "issuerNameHash") !== id.issuerNameHash || text(keyHash, "issuerKeyHash") !== id.issuerKeyHash) continue
    if (text(serial, "serialNumber") !== id.serial) continue
    const next = rest.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0)
    const nextUpdate = next === undefined ? undefined : time(kids(next, "nextUpdate")[0], "nextUpdate")
    const answered = { thisUpdate: time(thisUpdate, "thisUpdate"), ...(nextUpdate === undefined ? {} : { nextUpdate }) }
    switch (certStatus?.type) {
      case 0:
        return { ...answered, status: { status: "good", producedAt, ...(nextUpdate === undefined ? {} : { nextUpdate }) } }
      case 1: {
        const [revocationTime, reason] = kids(certStatus, "RevokedInfo")
        const reasonCode = reason === undefined ? undefined : text(kids(reason, "revocationReason")[0], "CRLReason").charCodeAt(0)
        const reasonName = reasonCode === undefined ? undefined : crlReasons[reasonCode]
        return {
          ...answered,
          status: { status: "revoked", producedAt, revokedAt: time(revocationTime, "revocationTime"), ...(reasonName === undefined ? {} : { reason: reasonName }) },
        }
      }
      default:
        return { ...answered, status: { status: "unknown", producedAt } }
    }
  }
  throw new Error("the response does not mention the certificate asked about")
}
