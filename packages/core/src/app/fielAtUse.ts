/**
 * The e.firma checks a decider cannot make, at the instant a FIEL is used to sign the consent or
 * open an act: its chain to a trusted SAT CA and its revocation status (DOMAIN §2.1). They need the
 * trust store and the revocation port, so the shell makes them and hands the decider what it found.
 * The login checked the same FIEL, but the facade's callers pass the `Identity` themselves, and a
 * certificate may be revoked between the login and its use: the act of signing is what counts.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Result } from "effect"
import { readCertificate } from "../efirma/certificate.js"
import type { EfirmaRejected } from "../efirma/errors.js"
import { validateFiel } from "../efirma/validate.js"
import { useCaseSpan } from "./useCase.js"
import { BuzonConfig } from "./BuzonConfig.js"

/**
 * What is wrong with `certificate` now (chain, revocation, and the FIEL checks `validateFiel`
 * makes), or `undefined` when nothing is, or when the bytes are not a certificate at all (the
 * decider refuses those with its own error). Never fails: a refusal is the decider's to give, after
 * its idempotency check, so that a retry of a command already applied stays a no-op.
 * Rule: DOMAIN §2.1 (chained to a trusted SAT CA; not revoked where a revocation source is configured).
 * @example const trustRefusal = yield* fielAtUse(certificateDer) // => EfirmaRejected { code: "EFIRMA_UNTRUSTED_ISSUER", … } | undefined
 * @since 0.1.0
 */
export const fielAtUse = Effect.fnUntraced(function* (certificate: Uint8Array) {
  const read = readCertificate(certificate)
  if (Result.isFailure(read)) return undefined
  const config = yield* BuzonConfig
  const at = yield* Clock.currentTimeMillis
  const checked = yield* Effect.result(
    validateFiel(read.success, { at, trust: config.trust, ...(config.revocation === undefined ? {} : { revocation: config.revocation }) }),
  )
  return Result.isFailure(checked) ? (checked.failure satisfies EfirmaRejected) : undefined
}, useCaseSpan("Buzon.fielAtUse"))
