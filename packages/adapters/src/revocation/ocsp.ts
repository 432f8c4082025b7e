/**
 * The OCSP revocation checker: asks SAT's (or any RFC 6960) responder over HTTP POST whether a
 * certificate is revoked, trusts only answers signed by the configured responder certificate, and
 * caches each answer until its `nextUpdate` (DOMAIN §9: revocation is an OCSP service, a port).
 * Anything that prevents a trustworthy answer is `EFIRMA_REVOCATION_UNKNOWN` with the cause in `detail`.
 *
 * @since 0.1.0
 */
import { randomBytes, X509Certificate } from "node:crypto"
import { request } from "node:http"
import { Clock, Effect, Layer } from "effect"
import { EfirmaRejected, RevocationChecker } from "@buzon/core"
import type { RevocationCheckerShape, RevocationQuery, RevocationStatus } from "@buzon/core"
import { certIdOf, ocspRequest, readOcspResponse, type CertId, type OcspAnswer } from "./ocspMessages.js"

/**
 * Where the responder is and whose signature to accept.
 *
 * @example const options: OcspOptions = { url: "http://127.0.0.1:8888/", responderCertificate: readFileSync("ocsp.cer") }
 * @since 0.1.0
 */
export interface OcspOptions {
  /** The responder's URL (plain HTTP, as OCSP usually is: the answers are signed). */
  readonly url: string
  /** The certificate (DER or PEM) whose key signs the responses, e.g. SAT's `ocsp.ac5_sat.cer`. */
  readonly responderCertificate: Uint8Array | string
  /** Per request; 5 s by default. */
  readonly timeoutMs?: number
  /** Clock difference tolerated on `thisUpdate` / `nextUpdate`; 5 minutes by default. */
  readonly maxSkewMs?: number
  /** Send a random nonce (RFC 8954) and require an echoed one to match; true by default. */
  readonly nonce?: boolean
}

const unknown = (detail: string) => new EfirmaRejected({ code: "EFIRMA_REVOCATION_UNKNOWN", detail })

const post = (url: string, body: Uint8Array, timeoutMs: number): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", headers: { "content-type": "application/ocsp-request", accept: "application/ocsp-response", "content-length": body.length }, timeout: timeoutMs },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("error", reject)
        res.on("end", () =>
          res.statusCode === 200 ? resolve(new Uint8Array(Buffer.concat(chunks))) : reject(new Error(`HTTP ${res.statusCode ?? "?"} from the responder`)),
        )
      },
    )
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    req.on("error", reject)
    req.end(body)
  })

const messageOf = (cause: unknown) => (cause instanceof Error ? cause.message || String((cause as { code?: string }).code) : String(cause))

/**
 * Makes the OCSP checker. Fails at once (a configuration error) when the responder certificate is unreadable.
 *
 * @throws EfirmaRejected (`EFIRMA_MALFORMED`) for an unreadable `responderCertificate`.
 * @example const checker = makeOcspRevocationChecker({ url, responderCertificate })
 * @since 0.1.0
 */
export const makeOcspRevocationChecker = (options: OcspOptions): RevocationCheckerShape => {
  const responder = readResponder(options.responderCertificate)
  const timeoutMs = options.timeoutMs ?? 5_000
  const skew = options.maxSkewMs ?? 300_000
  const cache = new Map<string, { readonly status: RevocationStatus; readonly until: number }>()

  const ask = (id: CertId, now: number) => {
    const nonce = options.nonce === false ? undefined : new Uint8Array(randomBytes(32))
    return Effect.tryPromise({
      try: () => post(options.url, ocspRequest(id, nonce), timeoutMs),
      catch: (cause) => unknown(`OCSP responder ${options.url} unreachable: ${messageOf(cause)}`),
    }).pipe(
      Effect.flatMap((body) => {
        try {
          return Effect.succeed(fresh(readOcspResponse(body, id, responder.publicKey, nonce), now))
        } catch (cause) {
          return Effect.fail(unknown(`OCSP response from ${options.url} rejected: ${messageOf(cause)}`))
        }
      }),
    )
  }

  const fresh = (answer: OcspAnswer, now: number): OcspAnswer => {
    if (answer.thisUpdate > now + skew) throw new Error(`thisUpdate ${new Date(answer.thisUpdate).toISOString()} is in the future`)
    if (answer.nextUpdate !== undefined && answer.nextUpdate < now - skew)
      throw new Error(`stale: nextUpdate ${new Date(answer.nextUpdate).toISOString()} has passed`)
    return answer
  }

  return {
    check: (query: RevocationQuery) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        if (!(responder.notBefore <= now && now <= responder.notAfter))
          return yield* Effect.fail(
            unknown(`the configured OCSP responder certificate is valid ${new Date(responder.notBefore).toISOString()} → ${new Date(responder.notAfter).toISOString()}, not now`),
          )
        const id = yield* Effect.try({ try: () => certIdOf(query), catch: (cause) => unknown(`cannot name the certificate to the responder: ${messageOf(cause)}`) })
        const key = `${Buffer.from(id.issuerKeyHash, "latin1").toString("hex")}:${Buffer.from(id.serial, "latin1").toString("hex")}`
        const cached = cache.get(key)
        if (cached !== undefined && now < cached.until) return cached.status
        const answer = yield* ask(id, now)
        // RFC 6960 §4.2.2.1: without nextUpdate newer information is always available, so nothing is cached.
        if (answer.nextUpdate !== undefined) cache.set(key, { status: answer.status, until: answer.nextUpdate })
        else cache.delete(key)
        return answer.status
      }),
  }
}

/** The responder certificate need not be an e.firma (no RFC): only its public key matters. */
const readResponder = (input: Uint8Array | string) => {
  try {
    const x509 = new X509Certificate(typeof input === "string" ? input : Buffer.from(input))
    return { publicKey: x509.publicKey, notBefore: Date.parse(x509.validFrom), notAfter: Date.parse(x509.validTo) }
  } catch (cause) {
    throw new EfirmaRejected({ code: "EFIRMA_MALFORMED", detail: `the OCSP responder certificate is not readable: ${messageOf(cause)}` })
  }
}

/**
 * The OCSP checker as the core `RevocationChecker` service.
 *
 * @example Effect.provide(program, OcspRevocationChecker.layer({ url, responderCertificate }))
 * @since 0.1.0
 */
export const OcspRevocationChecker = {
  layer: (options: OcspOptions): Layer.Layer<RevocationChecker> => Layer.succeed(RevocationChecker)(makeOcspRevocationChecker(options)),
} as const
