/**
 * Test credentials with SAT's layout (issue #3): a test CA and FIEL/CSD certificates whose subject
 * reads like SAT's (x500UniqueIdentifier = RFC or "RFC / REP_RFC", serialNumber = CURP or
 * " / REP_CURP", name/CN/O, OU only on a CSD), with keys encrypted like SAT's `.key`. So examples and
 * other teams' tests need no SAT files. RSA keys come from `node:crypto`; forge only builds the
 * X.509 and PKCS#8 structures, and the signatures are made by `node:crypto`.
 *
 * @since 0.1.0
 */
import { createCipheriv, createPrivateKey, generateKeyPairSync, pbkdf2Sync, randomBytes, sign as cryptoSign } from "node:crypto"
import forge from "node-forge"

/**
 * A test certification authority, serializable: the DER certificate and the PKCS#8 PEM private key
 * (unencrypted: it is test material). Usable as trust: `makeTrustStore([ca.certificate])`.
 *
 * @example const ca = generateTestCa({ notBefore, notAfter }); writeFileSync("ca.cer", ca.certificate)
 * @since 0.1.0
 */
export interface TestCa {
  readonly certificate: Uint8Array
  readonly privateKeyPem: string
}

/**
 * Generated test credential files: like SAT's `.cer`, `.key` (encrypted PKCS#8 DER) and password.
 *
 * @example const { certificate, privateKey, password } = generateTestCredential({ ca, rfc: "CACX7605101P8", legalName: "XOCHILT CASAS CHAVEZ", notBefore, notAfter, password: "12345678a" })
 * @since 0.1.0
 */
export interface TestCredential {
  readonly certificate: Uint8Array
  readonly privateKey: Uint8Array
  readonly password: string
}

type Attribute = { readonly type: string; readonly value: string; readonly valueTagClass: number }
const T = forge.asn1.Type
/** ASN.1 universal tag 20 (forge's typings omit it). */
const T61STRING = 20
/** forge's `getTBSCertificate` is public but missing from its typings. */
const getTBSCertificate = (forge.pki as unknown as { getTBSCertificate: (c: forge.pki.Certificate) => forge.asn1.Asn1 }).getTBSCertificate

const binary = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1")

/** forge writes a UTF8String from a JS string; a T61String from a string whose char codes are bytes. */
const text = (type: string, value: string, encoding: "utf8" | "t61"): Attribute =>
  encoding === "utf8"
    ? { type, value, valueTagClass: T.UTF8 }
    : { type, value, valueTagClass: T61STRING } // char codes ≤ 0xFF are the Latin-1 bytes

const printable = (type: string, value: string): Attribute => ({ type, value, valueTagClass: T.PRINTABLESTRING })

const rsaKeyPair = () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
  return {
    forgePublic: forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }) as string),
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  }
}

/** Signs a forge certificate with node:crypto (what `cert.sign` does, minus forge's slow RSA). */
const signCertificate = (cert: forge.pki.Certificate, issuerPrivatePem: string): Uint8Array => {
  const oid = forge.pki.oids["sha256WithRSAEncryption"] as string
  cert.signatureOid = oid
  cert.siginfo.algorithmOid = oid
  const tbs = forge.asn1.toDer(getTBSCertificate(cert)).getBytes()
  cert.signature = Buffer.from(cryptoSign("sha256", Buffer.from(tbs, "latin1"), createPrivateKey(issuerPrivatePem))).toString("latin1")
  return new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), "latin1"))
}

const serialHex = (digits: string) => Buffer.from(digits, "latin1").toString("hex")

/**
 * Generates a test CA (RSA-2048, self-signed, CA:true, keyCertSign). Takes ~100 ms (key generation).
 *
 * @example makeTrustStore([generateTestCa({ notBefore: 0, notAfter: Date.parse("2040-01-01") }).certificate])
 * @since 0.1.0
 */
export const generateTestCa = (options: { commonName?: string; notBefore: number; notAfter: number }): TestCa => {
  const keys = rsaKeyPair()
  const cert = forge.pki.createCertificate()
  cert.publicKey = keys.forgePublic
  cert.serialNumber = `01${randomBytes(8).toString("hex")}`
  cert.validity.notBefore = new Date(options.notBefore)
  cert.validity.notAfter = new Date(options.notAfter)
  const name = [
    text("2.5.4.3", options.commonName ?? "AC DE PRUEBAS BUZON", "utf8"),
    text("2.5.4.10", "SERVICIO DE ADMINISTRACION TRIBUTARIA (PRUEBAS)", "utf8"),
    printable("2.5.4.6", "MX"),
  ]
  cert.setSubject(name)
  cert.setIssuer(name)
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ])
  return { certificate: signCertificate(cert, keys.privatePem), privateKeyPem: keys.privatePem }
}

/**
 * Options of `generateTestCredential`. `encoding` picks UTF8String (default) or T61String names.
 *
 * @example const options: TestCredentialOptions = { ca, rfc: "IAÑL750210963", legalName: "LUIS IAN ÑUZCO", encoding: "t61", notBefore, notAfter, password: "12345678a" }
 * @since 0.1.0
 */
export interface TestCredentialOptions {
  readonly ca: TestCa
  readonly rfc: string
  readonly legalName: string
  readonly curp?: string
  readonly representative?: { readonly rfc: string; readonly curp: string }
  readonly kind?: "FIEL" | "CSD"
  readonly notBefore: number
  readonly notAfter: number
  readonly password: string
  /** 20 digits, SAT-style; random `30001000000500…` by default. */
  readonly certificateNumber?: string
  readonly encoding?: "utf8" | "t61"
}

const subjectOf = (options: TestCredentialOptions): ReadonlyArray<Attribute> => {
  const encoding = options.encoding ?? "utf8"
  const unique = options.representative === undefined ? options.rfc : `${options.rfc} / ${options.representative.rfc}`
  const serial = options.representative === undefined ? (options.curp ?? "") : ` / ${options.representative.curp}`
  // SAT's encoded order (openssl prints it reversed): CN, name, O, C, email, x500UniqueIdentifier, serialNumber; OU last on a CSD.
  return [
    text("2.5.4.3", options.legalName, encoding),
    text("2.5.4.41", options.legalName, encoding),
    text("2.5.4.10", options.legalName, encoding),
    printable("2.5.4.6", "MX"),
    { type: "1.2.840.113549.1.9.1", value: "pruebas@buzon.test", valueTagClass: T.IA5STRING },
    text("2.5.4.45", unique, encoding),
    text("2.5.4.5", serial, encoding),
    ...(options.kind === "CSD" ? [text("2.5.4.11", "Sucursal 1", encoding)] : []),
  ]
}

/**
 * Generates a FIEL (default) or CSD with SAT's subject layout, issued by `ca`, and its key as
 * encrypted PKCS#8 DER (PBES2, PBKDF2-HMAC-SHA1, des-ede3-cbc), like SAT's `.key`.
 *
 * @example
 * const moral = generateTestCredential({ ca, rfc: "OÑO120726RX3", legalName: "ORGANICOS ÑAVEZ OSORIO", representative: { rfc: "MISC491214B86", curp: "MISC491214MCCRNC01" }, notBefore, notAfter, password: "12345678a" })
 * Result.getOrThrow(readCertificate(moral.certificate)).rfc // => "OÑO120726RX3"
 * @since 0.1.0
 */
export const generateTestCredential = (options: TestCredentialOptions): TestCredential => {
  const keys = rsaKeyPair()
  const caCert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(binary(options.ca.certificate)))
  const cert = forge.pki.createCertificate()
  cert.publicKey = keys.forgePublic
  const number = options.certificateNumber ?? `30001000000500${String(randomBytes(4).readUInt32BE(0) % 1_000_000).padStart(6, "0")}`
  cert.serialNumber = serialHex(number)
  cert.validity.notBefore = new Date(options.notBefore)
  cert.validity.notAfter = new Date(options.notAfter)
  cert.setSubject([...subjectOf(options)])
  // forge reads UTF8String values as raw bytes but encodes them again when writing: decode first.
  cert.setIssuer(
    caCert.subject.attributes.map((a) =>
      (a.valueTagClass as number) === T.UTF8 ? { ...a, value: forge.util.decodeUtf8(String(a.value)) } : a,
    ),
  )
  // DOMAIN §9: a CSD signs only (digitalSignature + nonRepudiation); a FIEL also enciphers and agrees keys.
  const fiel = options.kind !== "CSD"
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, dataEncipherment: fiel, keyAgreement: fiel, critical: true },
    ...(fiel ? [{ name: "extKeyUsage", emailProtection: true, clientAuth: true }] : []),
  ])
  const certificate = signCertificate(cert, options.ca.privateKeyPem)
  const privateKey = encryptLikeSat(keys.privatePem, options.password)
  return { certificate, privateKey, password: options.password }
}

const { asn1 } = forge
const seq = (...items: Array<forge.asn1.Asn1>) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items)
const oid = (dotted: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes())
const octets = (bytes: Uint8Array) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, binary(bytes))
const SAT_KDF_ROUNDS = 2048

/**
 * Encrypts a PKCS#8 key the way SAT's `.key` files are (DOMAIN §9): PBES2, PBKDF2 with the default
 * HMAC-SHA1 PRF and 2048 rounds, des-ede3-cbc. Neither forge (PKCS#12 PBE for 3DES) nor Node's
 * export (HMAC-SHA256 PRF) writes this exact envelope, so the bytes come from node:crypto and forge
 * only lays out the ASN.1.
 */
const encryptLikeSat = (pkcs8Pem: string, password: string): Uint8Array => {
  const plain = createPrivateKey(pkcs8Pem).export({ type: "pkcs8", format: "der" })
  const salt = randomBytes(8)
  const iv = randomBytes(8)
  const key = pbkdf2Sync(Buffer.from(password, "utf8"), salt, SAT_KDF_ROUNDS, 24, "sha1")
  const cipher = createCipheriv("des-ede3-cbc", key, iv)
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()])
  const rounds = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(SAT_KDF_ROUNDS).getBytes())
  const envelope = seq(
    seq(
      oid("1.2.840.113549.1.5.13"), // PBES2
      seq(seq(oid("1.2.840.113549.1.5.12"), seq(octets(salt), rounds)), seq(oid("1.2.840.113549.3.7"), octets(iv))),
    ),
    octets(encrypted),
  )
  return new Uint8Array(Buffer.from(asn1.toDer(envelope).getBytes(), "latin1"))
}
