/**
 * Why an e.firma was refused: one tagged error with a stable code (DOMAIN §9, issue #3). The code is
 * the contract with callers (HTTP problem types, CLI output); `detail` says what exactly was wrong.
 *
 * @since 0.1.0
 */
import { Data } from "effect"

/**
 * The stable codes an e.firma refusal carries. Never rename one: clients and stored evidence use them.
 *
 * - `EFIRMA_MALFORMED`: the bytes are not a certificate / key we can read.
 * - `EFIRMA_NOT_FIEL`: a CSD (or other kind) where DOMAIN §2.1 requires a FIEL.
 * - `EFIRMA_EXPIRED`, `EFIRMA_NOT_YET_VALID`: outside its validity at the instant of use.
 * - `EFIRMA_UNTRUSTED_ISSUER`: no chain to a trusted SAT CA valid at that instant.
 * - `EFIRMA_REVOKED`, `EFIRMA_REVOCATION_UNKNOWN`: the revocation source said so / could not say.
 * - `EFIRMA_BAD_PASSWORD`: the private key did not decrypt with the password given.
 * - `EFIRMA_KEY_MISMATCH`: the private key is not the certificate's.
 * - `EFIRMA_SIGNATURE_INVALID`: a signature did not verify; also a challenge login whose challenge
 *   is unknown, already used or expired (the signature proves nothing then).
 *
 * @example const code: EfirmaCode = "EFIRMA_EXPIRED"
 * @since 0.1.0
 */
export type EfirmaCode =
  | "EFIRMA_MALFORMED"
  | "EFIRMA_NOT_FIEL"
  | "EFIRMA_EXPIRED"
  | "EFIRMA_NOT_YET_VALID"
  | "EFIRMA_UNTRUSTED_ISSUER"
  | "EFIRMA_REVOKED"
  | "EFIRMA_REVOCATION_UNKNOWN"
  | "EFIRMA_BAD_PASSWORD"
  | "EFIRMA_KEY_MISMATCH"
  | "EFIRMA_SIGNATURE_INVALID"

/**
 * Every code, in the order of the issue, for exhaustive tables (HTTP problems, CLI).
 *
 * @example efirmaCodes.includes("EFIRMA_REVOKED") // => true
 * @since 0.1.0
 */
export const efirmaCodes: ReadonlyArray<EfirmaCode> = [
  "EFIRMA_MALFORMED",
  "EFIRMA_NOT_FIEL",
  "EFIRMA_EXPIRED",
  "EFIRMA_NOT_YET_VALID",
  "EFIRMA_UNTRUSTED_ISSUER",
  "EFIRMA_REVOKED",
  "EFIRMA_REVOCATION_UNKNOWN",
  "EFIRMA_BAD_PASSWORD",
  "EFIRMA_KEY_MISMATCH",
  "EFIRMA_SIGNATURE_INVALID",
]

const headline: { readonly [C in EfirmaCode]: string } = {
  EFIRMA_MALFORMED: "The e.firma file could not be read",
  EFIRMA_NOT_FIEL: "This is not a FIEL (e.firma); a CSD (sello digital) cannot be used here",
  EFIRMA_EXPIRED: "The e.firma certificate has expired",
  EFIRMA_NOT_YET_VALID: "The e.firma certificate is not valid yet",
  EFIRMA_UNTRUSTED_ISSUER: "The e.firma certificate was not issued by a trusted SAT authority",
  EFIRMA_REVOKED: "The e.firma certificate has been revoked",
  EFIRMA_REVOCATION_UNKNOWN: "Could not confirm that the e.firma certificate is not revoked; try again later",
  EFIRMA_BAD_PASSWORD: "The private key password is wrong (or the .key file is damaged)",
  EFIRMA_KEY_MISMATCH: "The private key (.key) does not belong to this certificate (.cer)",
  EFIRMA_SIGNATURE_INVALID: "The signature is not valid",
}

/**
 * An e.firma was refused. `code` is stable; `message` is written for the person who presented it.
 *
 * @example new EfirmaRejected({ code: "EFIRMA_EXPIRED", detail: "expired 2023-05-27T21:49:54Z" }).message
 * // => "The e.firma certificate has expired: expired 2023-05-27T21:49:54Z"
 * @since 0.1.0
 */
export class EfirmaRejected extends Data.TaggedError("EfirmaRejected")<{
  readonly code: EfirmaCode
  readonly detail: string
}> {
  override get message() {
    return `${headline[this.code]}: ${this.detail}`
  }
}

/** Shorthand used across the folder. @since 0.1.0 */
export const rejected = (code: EfirmaCode, detail: string): EfirmaRejected => new EfirmaRejected({ code, detail })

/** The message of an unknown thrown value, for `detail` (library errors never leak as such). @since 0.1.0 */
export const causeText = (cause: unknown): string =>
  cause instanceof Error ? cause.message : typeof cause === "string" ? cause : "unknown error"
