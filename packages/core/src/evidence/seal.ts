/**
 * The sello digital: the institute's RSA-SHA256 signature over a cadena original's UTF-8 bytes
 * (DOMAIN §1, §8), and the port through which the shell reaches the institute's key.
 *
 * @since 0.1.0
 */
import { Context, Result } from "effect"
import { readCertificate } from "../efirma/certificate.js"
import type { Credential } from "../efirma/privateKey.js"
import { sign, verifySignature } from "../efirma/signature.js"

/** The institute's signing key: its certificate (DER) and a signer of bytes. @since 0.1.0 */
export interface InstituteSealShape {
  readonly certificate: Uint8Array
  /** RSA PKCS#1 v1.5 SHA-256 over `bytes`. */
  readonly sign: (bytes: Uint8Array) => Uint8Array
}

/**
 * The institute's seal as a service, for the shell (an HSM or a key file behind it).
 * @example const seal = yield* InstituteSeal
 * @since 0.1.0
 */
export class InstituteSeal extends Context.Service<InstituteSeal, InstituteSealShape>()("buzon/evidence/InstituteSeal") {}

/**
 * A seal that signs with an e.firma credential read into memory (tests, development, a key file).
 * @example instituteSealOf(credential).certificate // => the credential's certificate DER
 * @since 0.1.0
 */
export const instituteSealOf = (credential: Credential): InstituteSealShape => ({
  certificate: credential.certificate.der,
  sign: (bytes) => sign(credential, bytes),
})

/**
 * The sello digital of a cadena original, base64. Rule: DOMAIN §8 (RSA-SHA256 over the cadena's UTF-8).
 * @example selloDigital(seal, "||1.0|EKU9003173C9||").length // => 344 (256 bytes, base64)
 * @since 0.1.0
 */
export const selloDigital = (seal: InstituteSealShape, cadena: string): string =>
  Buffer.from(seal.sign(new Uint8Array(Buffer.from(cadena, "utf8")))).toString("base64")

/**
 * True when `sello` (base64) is the holder of `certificate`'s signature over `cadena`. Any unreadable
 * certificate or malformed sello is simply false.
 * @example verifySello("||1.0|EKU9003173C9||", sello, seal.certificate) // => true
 * @since 0.1.0
 */
export const verifySello = (cadena: string, sello: string, certificate: Uint8Array): boolean => {
  const read = readCertificate(certificate)
  if (Result.isFailure(read)) return false
  const signature = Buffer.from(sello, "base64")
  if (signature.toString("base64") !== sello) return false // not canonical base64: altered
  return verifySignature(read.success, Buffer.from(cadena, "utf8"), new Uint8Array(signature))
}
