/**
 * The e.firma private key (`.key`): PKCS#8 EncryptedPrivateKeyInfo DER, PBES2 with PBKDF2-HMAC-SHA1
 * and des-ede3-cbc (DOMAIN §9). It is decrypted once, by `node:crypto`, and kept as a `KeyObject`
 * for the session; a credential pairs it with its certificate.
 *
 * @since 0.1.0
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto"
import { Result } from "effect"
import forge from "node-forge"
import { readCertificate, type Certificate } from "./certificate.js"
import { rejected, type EfirmaRejected } from "./errors.js"
import { derToAsn1, derTrouble } from "./x509.js"

/**
 * A decrypted RSA private key, ready to sign with `node:crypto`.
 *
 * @example const key = Result.getOrThrow(readPrivateKey(keyBytes, "12345678a")); key.key.asymmetricKeyType // => "rsa"
 * @since 0.1.0
 */
export interface PrivateKey {
  readonly _tag: "PrivateKey"
  readonly key: KeyObject
}

/**
 * A certificate with the private key that belongs to it (checked when read).
 *
 * @example const credential = Result.getOrThrow(readCredential(cer, key, "12345678a")); credential.certificate.rfc // => "CACX7605101P8"
 * @since 0.1.0
 */
export interface Credential {
  readonly _tag: "Credential"
  readonly certificate: Certificate
  readonly privateKey: PrivateKey
}

const PBES2 = "1.2.840.113549.1.5.13"
const PBKDF2 = "1.2.840.113549.1.5.12"
/** SAT's keys use 2048 iterations; a damaged count could make PBKDF2 run for minutes. */
const MAX_ITERATIONS = 1_000_000

// The `detail` of every wrong password: the same words whatever the library said (issue #3).
const BAD_PASSWORD_DETAIL = "the .key did not decrypt with the password given (check it; a damaged .key fails the same way)"

const children = (node: forge.asn1.Asn1 | undefined): Array<forge.asn1.Asn1> => {
  if (node === undefined || !Array.isArray(node.value)) throw new Error("unexpected ASN.1 structure")
  return node.value as Array<forge.asn1.Asn1>
}

/** Checks the EncryptedPrivateKeyInfo envelope, so damage is told apart from a wrong password where it can be. */
const checkEnvelope = (der: Uint8Array): string | undefined => {
  try {
    const [algorithm, data] = children(derToAsn1(der))
    const [oid, parameters] = children(algorithm)
    if (data?.type !== forge.asn1.Type.OCTETSTRING || typeof data.value !== "string") return "no encrypted data"
    if (oid === undefined || forge.asn1.derToOid(oid.value as string) !== PBES2) return "not a PBES2-encrypted PKCS#8 key"
    const [kdf] = children(parameters)
    const [kdfOid, kdfParameters] = children(kdf)
    if (kdfOid === undefined || forge.asn1.derToOid(kdfOid.value as string) !== PBKDF2) return "key derivation is not PBKDF2"
    const iterations = children(kdfParameters)[1]
    if (iterations === undefined || typeof iterations.value !== "string") return "no PBKDF2 iteration count"
    const count = forge.asn1.derToInteger(iterations.value)
    if (!(count > 0 && count <= MAX_ITERATIONS)) return `implausible PBKDF2 iteration count ${count}`
    if (data.value.length === 0 || data.value.length % 8 !== 0) return "encrypted data is not whole cipher blocks"
    return undefined
  } catch (cause) {
    return `not a PKCS#8 encrypted private key: ${derTrouble(cause)}`
  }
}

/**
 * Decrypts an e.firma `.key` (encrypted PKCS#8 DER) with its password, once. A well-formed key that
 * does not decrypt is `EFIRMA_BAD_PASSWORD` (whatever the library said); a damaged envelope is
 * `EFIRMA_MALFORMED`. Damage inside the encrypted bytes cannot be told from a wrong password.
 *
 * @example readPrivateKey(keyBytes, "wrong") // => Result.fail(EfirmaRejected { code: "EFIRMA_BAD_PASSWORD", … })
 * @since 0.1.0
 */
export const readPrivateKey = (der: Uint8Array, password: string): Result.Result<PrivateKey, EfirmaRejected> => {
  const damage = checkEnvelope(der)
  if (damage !== undefined) return Result.fail(rejected("EFIRMA_MALFORMED", damage))
  let key: KeyObject
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8", passphrase: password })
  } catch {
    // DOMAIN §9: forge returns null or throws, OpenSSL says "bad decrypt" or something else: one error, in
    // the same words every time, whatever the library said (issue #3).
    return Result.fail(rejected("EFIRMA_BAD_PASSWORD", BAD_PASSWORD_DETAIL))
  }
  if (key.asymmetricKeyType !== "rsa") return Result.fail(rejected("EFIRMA_MALFORMED", `an ${key.asymmetricKeyType} key, not RSA`))
  return Result.succeed({ _tag: "PrivateKey", key })
}

const spki = (key: KeyObject): Buffer => key.export({ type: "spki", format: "der" })

/**
 * True when the private key is the certificate's (same RSA public key).
 *
 * @example keyMatches(credential.certificate, credential.privateKey) // => true
 * @since 0.1.0
 */
export const keyMatches = (certificate: Certificate, privateKey: PrivateKey): boolean =>
  spki(createPublicKey(privateKey.key)).equals(spki(certificate.publicKey))

/**
 * Reads a `.cer` and its `.key`, and checks they are a pair (`EFIRMA_KEY_MISMATCH` otherwise).
 *
 * @example readCredential(otherCer, key, "12345678a") // => Result.fail(EfirmaRejected { code: "EFIRMA_KEY_MISMATCH", … })
 * @since 0.1.0
 */
export const readCredential = (
  certificate: Uint8Array,
  key: Uint8Array,
  password: string,
): Result.Result<Credential, EfirmaRejected> => {
  const cert = readCertificate(certificate)
  if (Result.isFailure(cert)) return Result.fail(cert.failure)
  const privateKey = readPrivateKey(key, password)
  if (Result.isFailure(privateKey)) return Result.fail(privateKey.failure)
  if (!keyMatches(cert.success, privateKey.success))
    return Result.fail(
      rejected("EFIRMA_KEY_MISMATCH", `the key is not the one certified in certificate ${cert.success.certificateNumber}`),
    )
  return Result.succeed({ _tag: "Credential", certificate: cert.success, privateKey: privateKey.success })
}
