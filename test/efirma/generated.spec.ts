/**
 * Generated test credentials (issue #3): SAT's subject layout with Ñ read back, FIEL vs CSD, keys
 * encrypted like SAT's, serializable CAs, and signatures across forge and node:crypto.
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Result } from "effect"
import forge from "node-forge"
import { afterAll, describe, expect, it } from "vitest"
import {
  EfirmaRejected, identityOf, loadTrustStore, makeTrustStore, readCertificate, readCredential, readPrivateKey, sign,
  validateFiel, verifySignature,
} from "@buzon/core"
import type { Certificate, TestCa } from "@buzon/core"
import { FIXED_NOW, holder, makeCa, PASSWORD, validFrom, validTo } from "./fixtures.js"
import { certificateNumberOf } from "../../packages/core/src/efirma/certificate.js"
import { noSatFixtures, readSatCredential } from "../support/satFixtures.js"

const ca = makeCa()
const trust = makeTrustStore([ca.certificate])
const tmp = mkdtempSync(join(tmpdir(), "buzon-efirma-"))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const fieldsOf = (c: Certificate) => ({
  rfc: c.rfc, curp: c.curp, legalName: c.legalName, personType: c.personType, kind: c.kind,
  certificateNumber: c.certificateNumber, notBefore: c.notBefore, notAfter: c.notAfter,
  ...(c.representative === undefined ? {} : { representative: c.representative }),
})
const validate = (c: Certificate, at = FIXED_NOW, trustStore = trust) =>
  Effect.runPromise(Effect.result(validateFiel(c, { at, trust: trustStore })))

describe("generated credentials read back", () => {
  it.each(["utf8", "t61"] as const)("a persona física FIEL with Ñ (%s names): every field", async (encoding) => {
    const credential = holder(ca, { encoding })
    const certificate = Result.getOrThrow(readCertificate(credential.certificate))
    expect(fieldsOf(certificate)).toEqual({
      rfc: "IAÑL750210963", curp: "IANL750210HSRNZS09", legalName: "LUIS IAN ÑUZCO", personType: "fisica", kind: "FIEL",
      certificateNumber: "30001000000500009001", notBefore: validFrom, notAfter: validTo,
    })
    expect(certificate.serial).toBe(Buffer.from("30001000000500009001").toString("hex"))
    expect(await validate(certificate)).toEqual(Result.succeed(certificate))
  })

  it("a persona moral FIEL with Ñ and & names its representative, SAT-style", () => {
    const credential = holder(ca, {
      rfc: "OÑ&120726RX3", legalName: "ORGANICOS ÑAVEZ & OSORIO SA DE CV", representative: { rfc: "MISC491214B86", curp: "MISC491214MCCRNC01" },
      certificateNumber: "30001000000500009002",
    })
    const certificate = Result.getOrThrow(readCertificate(credential.certificate))
    expect(fieldsOf(certificate)).toEqual({
      rfc: "OÑ&120726RX3", curp: "", legalName: "ORGANICOS ÑAVEZ & OSORIO SA DE CV", personType: "moral", kind: "FIEL",
      certificateNumber: "30001000000500009002", notBefore: validFrom, notAfter: validTo,
      representative: { rfc: "MISC491214B86", curp: "MISC491214MCCRNC01" },
    })
    expect(certificate.subject).toBe(
      "serialNumber=\\ / MISC491214MCCRNC01,x500UniqueIdentifier=OÑ&120726RX3 / MISC491214B86,emailAddress=pruebas@buzon.test,C=MX,O=ORGANICOS ÑAVEZ & OSORIO SA DE CV,name=ORGANICOS ÑAVEZ & OSORIO SA DE CV,CN=ORGANICOS ÑAVEZ & OSORIO SA DE CV",
    )
    expect(identityOf(certificate)).toEqual({
      rfc: "OÑ&120726RX3", certificateNumber: "30001000000500009002", legalName: "ORGANICOS ÑAVEZ & OSORIO SA DE CV",
      representative: { rfc: "MISC491214B86", curp: "MISC491214MCCRNC01" },
    })
  })

  it("a CSD has an OU, reads as CSD and is refused with EFIRMA_NOT_FIEL", async () => {
    const credential = holder(ca, { kind: "CSD", certificateNumber: "30001000000500009003" })
    const certificate = Result.getOrThrow(readCertificate(credential.certificate))
    expect([certificate.kind, certificate.subject.startsWith("OU=Sucursal 1,")]).toEqual(["CSD", true])
    expect(await validate(certificate)).toEqual(
      Result.fail(new EfirmaRejected({ code: "EFIRMA_NOT_FIEL", detail: "certificate 30001000000500009003 is a CSD (sello digital), not a FIEL" })),
    )
  })

  it("another CA's certificate is EFIRMA_UNTRUSTED_ISSUER", async () => {
    const stranger = makeCa("OTRA AC")
    const certificate = Result.getOrThrow(readCertificate(holder(stranger).certificate))
    expect(await validate(certificate)).toEqual(
      Result.fail(new EfirmaRejected({ code: "EFIRMA_UNTRUSTED_ISSUER", detail: `no trusted CA issued and signed it (issuer: ${certificate.issuer})` })),
    )
  })

  it("a CA with the same name but another key does not vouch for it (signature checked at the link)", async () => {
    const impostor = makeCa() // same subject name, different key
    const certificate = Result.getOrThrow(readCertificate(holder(ca).certificate))
    expect(await validate(certificate, FIXED_NOW, makeTrustStore([impostor.certificate]))).toEqual(
      Result.fail(new EfirmaRejected({ code: "EFIRMA_UNTRUSTED_ISSUER", detail: `no trusted CA issued and signed it (issuer: ${certificate.issuer})` })),
    )
  })

  it("the key is encrypted like SAT's: PBES2, PBKDF2 (HMAC-SHA1 default PRF, 2048 rounds), des-ede3-cbc", () => {
    const { privateKey } = holder(ca)
    const oids: Array<string> = []
    const walk = (node: forge.asn1.Asn1) => {
      if (node.type === forge.asn1.Type.OID) oids.push(forge.asn1.derToOid(node.value as string))
      if (Array.isArray(node.value)) node.value.forEach(walk)
    }
    walk(forge.asn1.fromDer(Buffer.from(privateKey).toString("latin1")))
    expect(oids).toEqual(["1.2.840.113549.1.5.13", "1.2.840.113549.1.5.12", "1.2.840.113549.3.7"])
    expect(Result.isSuccess(readPrivateKey(privateKey, PASSWORD))).toBe(true)
  })

  it("openssl agrees: the generated chain verifies and the key decrypts", () => {
    const credential = holder(ca)
    writeFileSync(join(tmp, "ca.cer"), ca.certificate)
    writeFileSync(join(tmp, "leaf.cer"), credential.certificate)
    writeFileSync(join(tmp, "leaf.key"), credential.privateKey)
    const run = (...args: Array<string>) => execFileSync("openssl", args, { cwd: tmp, encoding: "utf8" })
    run("x509", "-inform", "DER", "-in", "ca.cer", "-out", "ca.pem")
    run("x509", "-inform", "DER", "-in", "leaf.cer", "-out", "leaf.pem")
    expect(run("verify", "-attime", String(FIXED_NOW / 1000), "-CAfile", "ca.pem", "leaf.pem")).toBe("leaf.pem: OK\n")
    expect(run("pkcs8", "-inform", "DER", "-in", "leaf.key", "-passin", `pass:${PASSWORD}`)).toContain("-----BEGIN PRIVATE KEY-----")
  })

  it("a TestCa survives a round trip through files (DER certificate + PEM key)", async () => {
    writeFileSync(join(tmp, "demo-ca.cer"), ca.certificate)
    writeFileSync(join(tmp, "demo-ca.key.pem"), ca.privateKeyPem)
    const reloaded: TestCa = {
      certificate: new Uint8Array(readFileSync(join(tmp, "demo-ca.cer"))),
      privateKeyPem: readFileSync(join(tmp, "demo-ca.key.pem"), "utf8"),
    }
    const certificate = Result.getOrThrow(readCertificate(holder(reloaded, { certificateNumber: "30001000000500009004" }).certificate))
    expect(await validate(certificate, FIXED_NOW, makeTrustStore([readFileSync(join(tmp, "demo-ca.cer"))]))).toEqual(Result.succeed(certificate))
  })
})

describe("credentials and signatures", () => {
  const credential = holder(ca)
  const pair = Result.getOrThrow(readCredential(credential.certificate, credential.privateKey, PASSWORD))

  it("a wrong password is EFIRMA_BAD_PASSWORD; another key is EFIRMA_KEY_MISMATCH", () => {
    const other = holder(ca, { certificateNumber: "30001000000500009005" })
    const bad = readCredential(credential.certificate, credential.privateKey, "wrong")
    const mismatch = readCredential(credential.certificate, other.privateKey, PASSWORD)
    expect(Result.isFailure(bad) && bad.failure.code).toBe("EFIRMA_BAD_PASSWORD")
    expect(mismatch).toEqual(
      Result.fail(new EfirmaRejected({ code: "EFIRMA_KEY_MISMATCH", detail: "the key is not the one certified in certificate 30001000000500009001" })),
    )
  })

  it("signs a string as its UTF-8 bytes; the signature verifies and is 256 bytes", () => {
    const text = "||1.0|OÑO120726RX3|términos y condiciones||"
    const signature = sign(pair, text)
    expect([signature.length, verifySignature(pair.certificate, text, signature), verifySignature(pair.certificate, Buffer.from(text, "utf8"), signature)]).toEqual([256, true, true])
    expect(sign(pair.privateKey, text)).toEqual(signature) // PKCS#1 v1.5 is deterministic
    expect(verifySignature(pair.certificate, `${text} `, signature)).toBe(false)
    expect(verifySignature(pair.certificate, text, signature.slice(1))).toBe(false)
  })

  const forgeKey = () => forge.pki.decryptRsaPrivateKey(forge.pem.encode({ type: "ENCRYPTED PRIVATE KEY", body: Buffer.from(credential.privateKey).toString("latin1") }), PASSWORD)

  it("a signature made by forge verifies with node:crypto, and node's verifies with forge", () => {
    const data = "cadena original: ||EKU9003173C9|2026-11-30||"
    const md = forge.md.sha256.create()
    md.update(data, "utf8")
    const byForge = new Uint8Array(Buffer.from(forgeKey().sign(md), "latin1"))
    expect(verifySignature(pair.certificate, data, byForge)).toBe(true)
    const forgeCert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(credential.certificate).toString("latin1")))
    const md2 = forge.md.sha256.create()
    md2.update(data, "utf8")
    const publicKey = forgeCert.publicKey as forge.pki.rsa.PublicKey
    expect(publicKey.verify(md2.digest().bytes(), Buffer.from(sign(pair, data)).toString("latin1"))).toBe(true)
  })
})

describe.skipIf(noSatFixtures)("forge ⇄ node:crypto on a SAT credential", () => {
  it("SAT's FIEL: forge signs, node verifies; node signs, forge verifies", () => {
    const sat = readSatCredential("fisica-fiel-CACX7605101P8")
    const pair = Result.getOrThrow(readCredential(sat.certificate, sat.privateKey, sat.password))
    const key = forge.pki.decryptRsaPrivateKey(forge.pem.encode({ type: "ENCRYPTED PRIVATE KEY", body: Buffer.from(sat.privateKey).toString("latin1") }), sat.password)
    const data = "acuse de recibo 30001000000500003282"
    const md = forge.md.sha256.create().update(data, "utf8")
    expect(verifySignature(pair.certificate, data, new Uint8Array(Buffer.from(key.sign(md), "latin1")))).toBe(true)
    const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(sat.certificate).toString("latin1")))
    const publicKey = cert.publicKey as forge.pki.rsa.PublicKey
    const digest = forge.md.sha256.create().update(data, "utf8").digest().bytes()
    expect(publicKey.verify(digest, Buffer.from(sign(pair, data)).toString("latin1"))).toBe(true)
  })
})

describe("chain rules", () => {
  it("a certificate issued by a FIEL (not a CA) is untrusted even with that FIEL in the store", async () => {
    const issuerFiles = holder(ca, { certificateNumber: "30001000000500009020" })
    const issuerKey = Result.getOrThrow(readPrivateKey(issuerFiles.privateKey, PASSWORD))
    const fakeCa: TestCa = { certificate: issuerFiles.certificate, privateKeyPem: issuerKey.key.export({ type: "pkcs8", format: "pem" }) as string }
    const leaf = Result.getOrThrow(readCertificate(holder(fakeCa, { certificateNumber: "30001000000500009021" }).certificate))
    expect(await validate(leaf, FIXED_NOW, makeTrustStore([ca.certificate, issuerFiles.certificate]))).toEqual(
      Result.fail(new EfirmaRejected({ code: "EFIRMA_UNTRUSTED_ISSUER", detail: `no trusted CA issued and signed it (issuer: ${leaf.issuer})` })),
    )
  })
})

describe("trust folders", () => {
  it("a missing folder and a file that is not a certificate are configuration errors naming the path", () => {
    const missing = join(tmp, "no-such-folder")
    expect(() => loadTrustStore(missing)).toThrow(new EfirmaRejected({ code: "EFIRMA_MALFORMED", detail: `cannot read the trust folder ${missing} (ENOENT)` }))
    const bad = join(tmp, "bad-trust")
    mkdirSync(bad)
    writeFileSync(join(bad, "ca.cer"), ca.certificate)
    writeFileSync(join(bad, "ca.key.pem"), ca.privateKeyPem) // a key beside its CA is skipped
    expect(loadTrustStore(bad).anchors).toHaveLength(1)
    writeFileSync(join(bad, "zz.cer"), "not a certificate")
    expect(() => loadTrustStore(bad)).toThrow(new EfirmaRejected({ code: "EFIRMA_MALFORMED", detail: `trust anchor ${join(bad, "zz.cer")}: not an X.509 certificate: the data ends before its structure does (a truncated file, or not DER)` }))
  })

  it("reads PEM bytes with a leading BOM or blank line as PEM", () => {
    const body = Buffer.from(ca.certificate).toString("base64")
    const pemBytes = new Uint8Array(Buffer.from(`\ufeff\n-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`, "utf8"))
    expect(makeTrustStore([pemBytes]).anchors[0]?.der).toEqual(ca.certificate)
  })
})

describe("what is not an e.firma certificate", () => {
  it("a CA certificate (no RFC in the subject) is EFIRMA_MALFORMED, saying why", () => {
    const r = readCertificate(ca.certificate)
    expect(r).toEqual(Result.fail(new EfirmaRejected({
      code: "EFIRMA_MALFORMED",
      detail: "no RFC (x500UniqueIdentifier) in the subject C=MX,O=SERVICIO DE ADMINISTRACION TRIBUTARIA (PRUEBAS),CN=AC DE PRUEBAS BUZON: not an e.firma certificate",
    })))
  })

  it("an x500UniqueIdentifier that is not an RFC is EFIRMA_MALFORMED", () => {
    const r = readCertificate(holder(ca, { rfc: "2.5.4.45", certificateNumber: "30001000000500009030" }).certificate)
    expect(r).toEqual(Result.fail(new EfirmaRejected({ code: "EFIRMA_MALFORMED", detail: 'the subject\'s RFC "2.5.4.45" is not an RFC' })))
  })

  it("certificate numbers: SAT serials read as ASCII digits; other serials keep their hex", () => {
    expect([certificateNumberOf("3330303031303030303030353030303033343135"), certificateNumberOf("01a2f3"), certificateNumberOf("333")]).toEqual([
      "30001000000500003415", "01a2f3", "333",
    ])
  })
})
