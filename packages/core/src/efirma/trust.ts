/**
 * The trust store: SAT's CA certificates (intermediates and roots) and chain building. SAT's
 * certificates carry no AKI/AIA (DOMAIN §9), so chains are built by issuer name; every link's
 * signature is checked with `node:crypto` and every link must be valid at the instant of use.
 *
 * @since 0.1.0
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { KeyObject } from "node:crypto"
import { causeText, EfirmaRejected, rejected } from "./errors.js"
import { certificateDer, parseX509, signedBy, type ParsedX509 } from "./x509.js"

/**
 * A CA certificate of the trust store (or of a chain), for display and for revocation queries.
 *
 * @example makeTrustStore([caDer]).anchors[0]?.subject // => "CN=AC UAT,…"
 * @since 0.1.0
 */
export interface CaCertificate {
  readonly subject: string
  readonly issuer: string
  readonly serial: string
  readonly notBefore: number
  readonly notAfter: number
  readonly der: Uint8Array
  readonly publicKey: KeyObject
}

/**
 * Trusted SAT CAs. Build with `makeTrustStore` or `loadTrustStore`; immutable once built.
 *
 * @example const trust = makeTrustStore([intermediateDer, rootDer]); trust.anchors.length // => 2
 * @since 0.1.0
 */
export interface TrustStore {
  readonly _tag: "TrustStore"
  readonly anchors: ReadonlyArray<CaCertificate>
}

interface TrustIndex {
  readonly bySubject: ReadonlyMap<string, ReadonlyArray<ParsedX509>>
  /** Every signature-checked path from a leaf to a self-signed root; validity is checked per use. */
  readonly paths: WeakMap<ParsedX509, ReadonlyArray<ReadonlyArray<ParsedX509>>>
}

const indexes = new WeakMap<TrustStore, TrustIndex>()
const MAX_DEPTH = 6

const caCertificate = (parsed: ParsedX509): CaCertificate => ({
  subject: parsed.subject,
  issuer: parsed.issuer,
  serial: parsed.serialHex,
  notBefore: parsed.notBefore,
  notAfter: parsed.notAfter,
  der: parsed.der,
  publicKey: parsed.publicKey,
})

const pemBlocks = (text: string): ReadonlyArray<string> =>
  text.match(/-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/g) ?? []

const parseAnchor = (input: Uint8Array | string, where: string): ParsedX509 => {
  const der = certificateDer(input)
  const parsed = der === undefined ? rejected("EFIRMA_MALFORMED", "not a certificate") : parseX509(der)
  if (parsed instanceof EfirmaRejected) throw rejected("EFIRMA_MALFORMED", `trust anchor ${where}: ${parsed.detail}`)
  return parsed
}

/**
 * Builds a trust store from CA certificates (DER bytes, or PEM text with one or more blocks).
 * A chain must end at a self-signed certificate of the store.
 *
 * @throws EfirmaRejected (`EFIRMA_MALFORMED`) when an input is not a certificate: a configuration error.
 * @example makeTrustStore([readFileSync("AC_UAT_2022.cer"), readFileSync("ARC_UAT_2022.cer")])
 * @since 0.1.0
 */
export const makeTrustStore = (caCertificates: ReadonlyArray<Uint8Array | string>): TrustStore => {
  const parsed = caCertificates.flatMap((input, i) => {
    const text = typeof input === "string" ? input : undefined
    const blocks = text === undefined ? [input] : pemBlocks(text)
    return blocks.length === 0 ? [parseAnchor(input, `#${i + 1}`)] : blocks.map((block) => parseAnchor(block, `#${i + 1}`))
  })
  const bySubject = new Map<string, Array<ParsedX509>>()
  for (const ca of parsed) bySubject.set(ca.subjectKey, [...(bySubject.get(ca.subjectKey) ?? []), ca])
  const store: TrustStore = { _tag: "TrustStore", anchors: parsed.map(caCertificate) }
  indexes.set(store, { bySubject, paths: new WeakMap() })
  return store
}

/**
 * Loads every certificate file (`.cer`, `.crt`, `.der`, `.pem`) of a folder into a trust store;
 * `.pem` files without a certificate block (keys) are skipped.
 *
 * @throws EfirmaRejected (`EFIRMA_MALFORMED`) naming the file that is not a certificate, or the unreadable folder.
 * @example loadTrustStore("fixtures/efirma/ca/test").anchors.length // => 6
 * @since 0.1.0
 */
export const loadTrustStore = (dir: string): TrustStore => {
  let names: Array<string>
  try {
    names = readdirSync(dir)
  } catch (cause) {
    throw rejected("EFIRMA_MALFORMED", `cannot read the trust folder ${dir} (${(cause as { code?: string }).code ?? causeText(cause)})`)
  }
  const read = names
    .filter((name) => /\.(cer|crt|der|pem)$/i.test(name))
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name))
      return { name, input: bytes[0] === 0x2d ? bytes.toString("latin1") : new Uint8Array(bytes) }
    })
    // A PEM file without a CERTIFICATE block (a key kept beside its CA) is not a trust anchor.
    .filter(({ input }) => typeof input !== "string" || input.includes("-----BEGIN CERTIFICATE-----"))
  const files = read.map((f) => f.name)
  const inputs = read.map((f) => f.input)
  try {
    return makeTrustStore(inputs)
  } catch (cause) {
    const index = cause instanceof EfirmaRejected ? /#(\d+)/.exec(cause.detail)?.[1] : undefined
    throw index === undefined || !(cause instanceof EfirmaRejected)
      ? cause
      : rejected("EFIRMA_MALFORMED", cause.detail.replace(`#${index}`, join(dir, files[Number(index) - 1] ?? "")))
  }
}

/** RFC 5280 §4.2.1.9 / §4.2.1.3: only a CA certificate (and, with key usage, keyCertSign) issues. */
const canIssue = (ca: ParsedX509): boolean => ca.isCa && (ca.keyUsage === undefined || ca.keyUsage.includes("keyCertSign"))

const pathsFrom = (index: TrustIndex, node: ParsedX509, depth: number): ReadonlyArray<ReadonlyArray<ParsedX509>> => {
  const found: Array<ReadonlyArray<ParsedX509>> = []
  for (const ca of index.bySubject.get(node.issuerKey) ?? []) {
    if (ca === node || !canIssue(ca) || !signedBy(node, ca)) continue
    if (ca.issuerKey === ca.subjectKey) {
      if (signedBy(ca, ca)) found.push([ca])
    } else if (depth < MAX_DEPTH) {
      for (const rest of pathsFrom(index, ca, depth + 1)) found.push([ca, ...rest])
    }
  }
  return found
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * The chain above a certificate (its issuer first, the root last), every link signature-checked
 * and valid at `at`; or `EFIRMA_UNTRUSTED_ISSUER` saying why not. Chains are cached per certificate.
 */
export const chainOf = (
  leaf: ParsedX509,
  trust: TrustStore,
  at: number,
): ReadonlyArray<ParsedX509> | EfirmaRejected => {
  const index = indexes.get(trust)
  if (index === undefined) return rejected("EFIRMA_UNTRUSTED_ISSUER", "the trust store was not built with makeTrustStore")
  let paths = index.paths.get(leaf)
  if (paths === undefined) {
    paths = pathsFrom(index, leaf, 0)
    index.paths.set(leaf, paths)
  }
  if (paths.length === 0) return rejected("EFIRMA_UNTRUSTED_ISSUER", `no trusted CA issued and signed it (issuer: ${leaf.issuer})`)
  const valid = paths.find((path) => path.every((ca) => ca.notBefore <= at && at <= ca.notAfter))
  if (valid !== undefined) return valid
  const stale = paths[0]?.find((ca) => !(ca.notBefore <= at && at <= ca.notAfter))
  return rejected(
    "EFIRMA_UNTRUSTED_ISSUER",
    `the issuing chain is not valid at ${iso(at)}: ${stale?.subject ?? "a CA"} is valid ${iso(stale?.notBefore ?? 0)} → ${iso(stale?.notAfter ?? 0)}`,
  )
}

/** The public view of a chain link. */
export const asCaCertificate = caCertificate
