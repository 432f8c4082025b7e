/**
 * Signatures with an e.firma: RSA PKCS#1 v1.5 over SHA-256 (DOMAIN §2.3), made and checked by
 * `node:crypto` (DOMAIN §9: ~150× faster signing, ~30× faster verifying than forge).
 *
 * @since 0.1.0
 */
import { sign as cryptoSign, verify as cryptoVerify } from "node:crypto"
import type { Certificate } from "./certificate.js"
import type { Credential, PrivateKey } from "./privateKey.js"

const bytesOf = (data: Uint8Array | string): Uint8Array => (typeof data === "string" ? Buffer.from(data, "utf8") : data)

/**
 * Signs data (a string is signed as its UTF-8 bytes) with RSA PKCS#1 v1.5 SHA-256. DOMAIN §2.3.
 *
 * @example const signature = sign(credential, "||1.0|EKU9003173C9||"); signature.length // => 256
 * @since 0.1.0
 */
export const sign = (key: PrivateKey | Credential, data: Uint8Array | string): Uint8Array => {
  const privateKey = key._tag === "Credential" ? key.privateKey.key : key.key
  return new Uint8Array(cryptoSign("sha256", bytesOf(data), privateKey))
}

/**
 * True when `signature` is the certificate holder's RSA PKCS#1 v1.5 SHA-256 signature over `data`
 * (a string as UTF-8). Any malformed signature is simply `false`.
 *
 * @example verifySignature(credential.certificate, "hola", sign(credential, "hola")) // => true
 * @since 0.1.0
 */
export const verifySignature = (certificate: Certificate, data: Uint8Array | string, signature: Uint8Array): boolean => {
  try {
    return cryptoVerify("sha256", bytesOf(data), certificate.publicKey, signature)
  } catch {
    return false
  }
}
