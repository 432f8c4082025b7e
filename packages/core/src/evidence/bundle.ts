/**
 * The evidence bundle of one notification: its hash-chained events, its evidence documents (record,
 * cadena original, sello digital), the institute's certificate and the addressee's certificates
 * used to open it, all sealed once more as a whole. `verifyBundle` needs nothing but the bundle and
 * the institute's certificate, so it can run offline years later ([D] DOMAIN §8).
 *
 * A bundle is plain JSON (binary as base64) and round-trips through any file or store.
 *
 * @since 0.1.0
 */
import type { Json, RecordedEvent } from "../eventstore/EventStore.js"
import { AUTHORITY_ZONE } from "../calendar/calendar.js"
import { notificationCodec } from "../notification/decider.js"
import type { NotificationEvent, NotificationOpened } from "../notification/events.js"
import { canonicalJson } from "./canonicalJson.js"
import { evidenceDocuments } from "./documents.js"
import type { EvidenceKind } from "./documents.js"
import { verifyChain } from "./hashChain.js"
import type { InstituteSealShape } from "./seal.js"
import { selloDigital, verifySello } from "./seal.js"

/** A stored event as the bundle keeps it: what its hash covers, nothing the store assigned. @since 0.1.0 */
export interface BundledEvent {
  readonly streamName: string
  readonly version: number
  readonly type: string
  readonly data: Json
  readonly metadata: { readonly [key: string]: Json }
}

/** A sealed evidence document. @since 0.1.0 */
export interface SealedDocument {
  readonly kind: EvidenceKind
  readonly record: { readonly [key: string]: string }
  readonly cadena: string
  readonly sello: string
}

/** The evidence bundle. `sello` seals the canonical JSON of every other field. @since 0.1.0 */
export interface EvidenceBundle {
  readonly format: "buzon-evidence-bundle/1"
  readonly notificationId: string
  readonly zone: string
  readonly events: ReadonlyArray<BundledEvent>
  readonly documents: ReadonlyArray<SealedDocument>
  /** The institute's certificate, DER in base64. */
  readonly instituteCertificate: string
  /** The certificates (DER, base64) the addressee or its representative opened with. */
  readonly addresseeCertificates: ReadonlyArray<string>
  readonly sello: string
}

/** Why a bundle does not verify; stable codes. @since 0.1.0 */
export type BundleFault =
  | "malformed"
  | "institute-certificate-mismatch"
  | "bundle-sello-invalid"
  | "chain-broken"
  | "event-undecodable"
  | "documents-mismatch"
  | "document-sello-invalid"
  | "acuse-signature-invalid"
  | "addressee-certificate-missing"

/** The verdict on a bundle. @since 0.1.0 */
export type BundleVerdict = { readonly ok: true } | { readonly ok: false; readonly fault: BundleFault; readonly detail: string }

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64")
const unsealed = ({ sello: _sello, ...rest }: EvidenceBundle) => rest

/**
 * Builds the evidence bundle of a notification from its recorded (hash-chained) stream.
 * Rule: DOMAIN §8 (aviso evidence, acuse, constancia; sello digital; tamper-evident history).
 * @example buildBundle(recorded, instituteSealOf(credential)).documents.map((d) => d.kind) // => ["aviso", "acuse"]
 * @since 0.1.0
 */
export const buildBundle = (
  recorded: ReadonlyArray<Pick<RecordedEvent, "streamName" | "version" | "type" | "data" | "metadata">>,
  seal: InstituteSealShape,
  zone: string = AUTHORITY_ZONE,
): EvidenceBundle => {
  const events: Array<BundledEvent> = recorded.map((e) => ({
    streamName: e.streamName, version: e.version, type: e.type, data: e.data,
    metadata: JSON.parse(canonicalJson(e.metadata as Json)) as { readonly [key: string]: Json },
  }))
  const decoded = events.map((e) => notificationCodec.decode(e.type, e.data))
  const documents = evidenceDocuments(decoded, zone).map((d) => ({ ...d, sello: selloDigital(seal, d.cadena) }))
  const addresseeCertificates = [...new Set(decoded.flatMap((e) => (e._tag === "NotificationOpened" ? [e.certificateDer] : [])))]
  const first = decoded[0]
  const body = {
    format: "buzon-evidence-bundle/1" as const, notificationId: first?.notificationId ?? "", zone, events, documents,
    instituteCertificate: b64(seal.certificate), addresseeCertificates,
  }
  return { ...body, sello: selloDigital(seal, canonicalJson(body as unknown as Json)) }
}

const decodeAll = (events: ReadonlyArray<BundledEvent>): Array<NotificationEvent> | string => {
  try {
    return events.map((e) => notificationCodec.decode(e.type, e.data))
  } catch (cause) {
    return cause instanceof Error ? cause.message.split("\n")[0] ?? "undecodable" : "undecodable"
  }
}

/**
 * True when an acuse carries the addressee's valid signature over the act's SHA-256 lowercase hex
 * (DOMAIN §3.4), checked with the certificate the acuse itself records.
 * @example acuseVerifies(opened) // => true
 * @since 0.1.0
 */
export const acuseVerifies = (opened: NotificationOpened): boolean =>
  verifySello(opened.contentSha256, opened.signature, new Uint8Array(Buffer.from(opened.certificateDer, "base64")))

const acuseFault = (events: ReadonlyArray<NotificationEvent>, certificates: ReadonlySet<string>): BundleVerdict | undefined => {
  for (const event of events) {
    if (event._tag !== "NotificationOpened") continue
    if (!certificates.has(event.certificateDer))
      return { ok: false, fault: "addressee-certificate-missing", detail: `certificate ${event.certificateNumber} is not in the bundle` }
    // The acuse's own proof: the addressee's signature over the act's SHA-256 hex (DOMAIN §3.4).
    if (!acuseVerifies(event))
      return { ok: false, fault: "acuse-signature-invalid", detail: `the opening with certificate ${event.certificateNumber} does not verify` }
  }
  return undefined
}

/**
 * Verifies a bundle offline with the institute's certificate alone: the bundle's seal, the hash
 * chain, that every document is exactly what the events produce and its sello verifies, and that each
 * acuse carries a valid signature of the addressee. Any changed byte fails it.
 * Rule: [D] DOMAIN §8.
 * @example verifyBundle(bundle, instituteCertificateDer) // => { ok: true }
 * @since 0.1.0
 */
export const verifyBundle = (bundle: EvidenceBundle, instituteCertificate: Uint8Array): BundleVerdict => {
  try {
    return verifyParts(bundle, instituteCertificate)
  } catch (cause) { // a bundle read from a file may have any shape: never let a TypeError out
    return { ok: false, fault: "malformed", detail: cause instanceof Error ? cause.message : "unreadable bundle" }
  }
}

const verifyParts = (bundle: EvidenceBundle, instituteCertificate: Uint8Array): BundleVerdict => {
  const fail = (fault: BundleFault, detail: string): BundleVerdict => ({ ok: false, fault, detail })
  if (bundle?.format !== "buzon-evidence-bundle/1" || !Array.isArray(bundle.events) || !Array.isArray(bundle.documents))
    return fail("malformed", "not a buzon-evidence-bundle/1")
  if (bundle.instituteCertificate !== b64(instituteCertificate))
    return fail("institute-certificate-mismatch", "the bundle names another institute certificate")
  const body = canonicalJson(unsealed(bundle) as unknown as Json)
  if (typeof bundle.sello !== "string" || !verifySello(body, bundle.sello, instituteCertificate)) return fail("bundle-sello-invalid", "the bundle's sello does not verify")
  const chain = verifyChain(bundle.events)
  if (!chain.ok) return fail("chain-broken", `${chain.streamName} v${chain.brokenAt}: ${chain.reason}`)
  const decoded = decodeAll(bundle.events)
  if (typeof decoded === "string") return fail("event-undecodable", decoded)
  const expected = evidenceDocuments(decoded, bundle.zone)
  const actual = bundle.documents.map(({ kind, record, cadena }) => ({ kind, record, cadena }))
  if (canonicalJson(expected as unknown as Json) !== canonicalJson(actual as unknown as Json))
    return fail("documents-mismatch", "the documents are not those the events produce")
  const unsealedDocument = bundle.documents.find((d) => !verifySello(d.cadena, d.sello, instituteCertificate))
  if (unsealedDocument !== undefined) return fail("document-sello-invalid", `the ${unsealedDocument.kind} sello does not verify`)
  return acuseFault(decoded, new Set(bundle.addresseeCertificates)) ?? { ok: true }
}
