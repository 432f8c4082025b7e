/**
 * Whether a certificate is a usable FIEL at an instant: the rule of DOMAIN §2.1, in its order —
 * a FIEL (not a CSD), within its validity, chained to a trusted SAT CA, not revoked where a
 * revocation source is configured.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { parsedCertificate, type Certificate } from "./certificate.js"
import { EfirmaRejected, rejected } from "./errors.js"
import type { Identity } from "./identity.js"
import type { RevocationCheckerShape } from "./revocation.js"
import { asCaCertificate, chainOf, type TrustStore } from "./trust.js"

/**
 * Options of `validateFiel`: the instant of use (UTC epoch ms), the trust store, and optionally the
 * revocation source.
 *
 * @example const options: ValidateFielOptions = { at: Date.parse("2026-11-30T12:00:00Z"), trust }
 * @since 0.1.0
 */
export interface ValidateFielOptions {
  readonly at: number
  readonly trust: TrustStore
  readonly revocation?: RevocationCheckerShape
}

const iso = (ms: number) => new Date(ms).toISOString()

/** The checks that need no I/O, in DOMAIN §2.1's order; the chain for the revocation query. */
export const checkFielOffline = (certificate: Certificate, at: number, trust: TrustStore) => {
  const parsed = parsedCertificate(certificate)
  if (parsed instanceof EfirmaRejected) return parsed
  // DOMAIN §2.1 / §9: only a FIEL may enroll, sign consent or open notifications; a CSD is for invoices.
  if (certificate.kind !== "FIEL")
    return rejected("EFIRMA_NOT_FIEL", `certificate ${certificate.certificateNumber} is a ${certificate.kind} (sello digital), not a FIEL`)
  // DOMAIN §2.1: valid at the instant of use (X.509 validity is inclusive at both ends).
  if (at < certificate.notBefore)
    return rejected("EFIRMA_NOT_YET_VALID", `certificate ${certificate.certificateNumber} is valid from ${iso(certificate.notBefore)}`)
  if (at > certificate.notAfter)
    return rejected("EFIRMA_EXPIRED", `certificate ${certificate.certificateNumber} expired ${iso(certificate.notAfter)}`)
  return chainOf(parsed, trust, at)
}

/**
 * Validates a FIEL at `at`: `EFIRMA_NOT_FIEL`, `EFIRMA_NOT_YET_VALID`, `EFIRMA_EXPIRED`,
 * `EFIRMA_UNTRUSTED_ISSUER`, then (with `revocation`) `EFIRMA_REVOKED` when revoked at or before
 * `at`, `EFIRMA_REVOCATION_UNKNOWN` when the source cannot say. Succeeds with the certificate.
 *
 * @example
 * Effect.runSync(Effect.result(validateFiel(csd, { at: FIXED_NOW, trust })))
 * // => Result.fail(EfirmaRejected { code: "EFIRMA_NOT_FIEL", … })
 * @since 0.1.0
 */
export const validateFiel = (certificate: Certificate, options: ValidateFielOptions): Effect.Effect<Certificate, EfirmaRejected> => {
  const chain = checkFielOffline(certificate, options.at, options.trust)
  if (chain instanceof EfirmaRejected) return Effect.fail(chain)
  const issuer = chain[0]
  const revocation = options.revocation
  if (revocation === undefined || issuer === undefined) return Effect.succeed(certificate)
  return Effect.flatMap(revocation.check({ certificate, issuer: asCaCertificate(issuer) }), (answer) => {
    switch (answer.status) {
      case "good":
        return Effect.succeed(certificate)
      case "revoked":
        // A revocation after the instant of use does not undo what was signed before it.
        return answer.revokedAt <= options.at
          ? Effect.fail(
              rejected(
                "EFIRMA_REVOKED",
                `certificate ${certificate.certificateNumber} was revoked ${iso(answer.revokedAt)}${answer.reason === undefined ? "" : ` (${answer.reason})`}`,
              ),
            )
          : Effect.succeed(certificate)
      case "unknown":
        return Effect.fail(
          rejected("EFIRMA_REVOCATION_UNKNOWN", `the revocation source does not know certificate ${certificate.certificateNumber}`),
        )
    }
  })
}

/**
 * The identity a certificate proves: RFC, certificate number, legal name, representative.
 *
 * @example identityOf(certificate) // => { rfc: "EKU9003173C9", certificateNumber: "30001000000500003415", legalName: "ESCUELA KEMPER URGATE SA DE CV", representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" } }
 * @since 0.1.0
 */
export const identityOf = (certificate: Certificate): Identity => ({
  rfc: certificate.rfc,
  certificateNumber: certificate.certificateNumber,
  legalName: certificate.legalName,
  ...(certificate.representative === undefined ? {} : { representative: certificate.representative }),
})
