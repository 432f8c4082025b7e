/**
 * The RevocationChecker port: whether a certificate has been revoked. SAT publishes no CRL on its
 * certificates; revocation is an OCSP service (DOMAIN §9). The OCSP adapter lives in
 * `@buzon/adapters`; core only asks, through this port, where one is configured (DOMAIN §2.1).
 *
 * @since 0.1.0
 */
import { Context } from "effect"
import type { Effect } from "effect"
import type { Certificate } from "./certificate.js"
import type { EfirmaRejected } from "./errors.js"
import type { CaCertificate } from "./trust.js"

/**
 * What a revocation source answered, with its own instants (UTC epoch ms).
 *
 * @example const status: RevocationStatus = { status: "good", producedAt: 1_764_504_000_000 }
 * @since 0.1.0
 */
export type RevocationStatus =
  | { readonly status: "good"; readonly producedAt: number; readonly nextUpdate?: number }
  | { readonly status: "revoked"; readonly producedAt: number; readonly revokedAt: number; readonly reason?: string }
  | { readonly status: "unknown"; readonly producedAt: number }

/**
 * A question to the revocation source: the certificate and the CA that issued it (OCSP identifies
 * a certificate by its issuer's name and key hashes plus its serial).
 *
 * @example const query: RevocationQuery = { certificate, issuer: chain[0] }
 * @since 0.1.0
 */
export interface RevocationQuery {
  readonly certificate: Certificate
  readonly issuer: CaCertificate
}

/**
 * The port's shape. `check` fails with `EFIRMA_REVOCATION_UNKNOWN` (cause in `detail`) when the
 * source cannot be reached or its answer cannot be trusted.
 *
 * @example const shape: RevocationCheckerShape = { check: () => Effect.succeed({ status: "good", producedAt: 0 }) }
 * @since 0.1.0
 */
export interface RevocationCheckerShape {
  readonly check: (query: RevocationQuery) => Effect.Effect<RevocationStatus, EfirmaRejected>
}

/**
 * The RevocationChecker service; implementations: `OcspRevocationChecker.layer(…)` in `@buzon/adapters`.
 *
 * @example const checker = yield* RevocationChecker
 * @since 0.1.0
 */
export class RevocationChecker extends Context.Service<RevocationChecker, RevocationCheckerShape>()(
  "buzon/efirma/RevocationChecker",
) {}
