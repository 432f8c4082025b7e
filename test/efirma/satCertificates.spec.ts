/**
 * Every SAT fixture read field by field against the fixtures' README table (DOMAIN §9).
 */
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { EfirmaRejected, readCertificate, readCredential, readPrivateKey, makeTrustStore, loadTrustStore, validateFiel, identityOf } from "@buzon/core"
import type { Certificate, EfirmaCode } from "@buzon/core"
import { FIXED_NOW, noSatFixtures, readSatCa, readSatCredential, satFixturesDir, type SatCredentialName } from "../support/satFixtures.js"
import { join } from "node:path"

const utc = (text: string) => Date.parse(`${text}Z`)

type Row = Pick<Certificate, "rfc" | "curp" | "legalName" | "personType" | "kind" | "certificateNumber" | "notBefore" | "notAfter" | "issuer"> & {
  readonly representative?: { readonly rfc: string; readonly curp: string }
  readonly atFixedNow: true | EfirmaCode
}

// Issuers as `openssl x509 -issuer -nameopt RFC2253,-esc_msb` prints them (an independent reader).
const acUat = (street: string) =>
  `unstructuredName=responsable: ACDMA-SAT,x500UniqueIdentifier=2.5.4.45,L=COYOACAN,ST=CIUDAD DE MEXICO,C=MX,postalCode=06370,street=${street},emailAddress=oscar.martinez@sat.gob.mx,OU=SAT-IES Authority,O=SERVICIO DE ADMINISTRACION TRIBUTARIA,CN=AC UAT`
const caliz = { issuer: acUat("3ra cerrada de caliz") }
const cadiz = { issuer: acUat("3ra cerrada de cadiz") }
const pruebas4096 = {
  issuer: "unstructuredName=Responsable: ACDMA,x500UniqueIdentifier=SAT970701NN3,L=Coyoacán,ST=Distrito Federal,C=MX,postalCode=06300,street=Av. Hidalgo 77\\, Col. Guerrero,emailAddress=asisnet@pruebas.sat.gob.mx,OU=Administración de Seguridad de la Información,O=Servicio de Administración Tributaria,CN=A.C. 2 de pruebas(4096)",
}
const ekuRep = { representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" } }
// The README's table; legal names as openssl prints them (`name`).
const table: Record<SatCredentialName, Row> = {
  "moral-fiel-EKU9003173C9": { ...caliz, rfc: "EKU9003173C9", curp: "", legalName: "ESCUELA KEMPER URGATE SA DE CV", personType: "moral", kind: "FIEL", certificateNumber: "30001000000500003415", notBefore: utc("2023-05-18T04:37:14"), notAfter: utc("2027-05-17T04:37:14"), ...ekuRep, atFixedNow: true },
  "fisica-fiel-CACX7605101P8": { ...caliz, rfc: "CACX7605101P8", curp: "CACX760510MGTSHC04", legalName: "XOCHILT CASAS CHAVEZ", personType: "fisica", kind: "FIEL", certificateNumber: "30001000000500003282", notBefore: utc("2023-05-09T18:05:49"), notAfter: utc("2027-05-08T18:05:49"), atFixedNow: true },
  "fisica-fiel-FUNK671228PH6": { ...caliz, rfc: "FUNK671228PH6", curp: "FUNK671228MCLNLR05", legalName: "KARLA FUENTE NOLASCO", personType: "fisica", kind: "FIEL", certificateNumber: "30001000000500003285", notBefore: utc("2023-05-09T18:07:00"), notAfter: utc("2027-05-08T18:07:00"), atFixedNow: true },
  "moral-csd-EKU9003173C9": { ...caliz, rfc: "EKU9003173C9", curp: "", legalName: "ESCUELA KEMPER URGATE SA DE CV", personType: "moral", kind: "CSD", certificateNumber: "30001000000500003416", notBefore: utc("2023-05-18T11:43:51"), notAfter: utc("2027-05-18T11:43:51"), ...ekuRep, atFixedNow: "EFIRMA_NOT_FIEL" },
  "expired-moral-fiel-AAA010101AAA": { ...pruebas4096, rfc: "AAA010101AAA", curp: "", legalName: "ACCEM SERVICIOS EMPRESARIALES SC", personType: "moral", kind: "FIEL", certificateNumber: "30001000000300023685", notBefore: utc("2017-05-16T23:29:17"), notAfter: utc("2021-05-15T23:29:17"), representative: { rfc: "HEGT7610034S2", curp: "HEGT761003MDFRNN09" }, atFixedNow: "EFIRMA_EXPIRED" },
  "expired-fisica-fiel-CACX7605101P8-2019": { ...cadiz, rfc: "CACX7605101P8", curp: "CACX760510MGTSHC04", legalName: "XOCHILT CASAS CHAVEZ", personType: "fisica", kind: "FIEL", certificateNumber: "30001000000400002300", notBefore: utc("2019-05-28T21:49:54"), notAfter: utc("2023-05-27T21:49:54"), atFixedNow: "EFIRMA_EXPIRED" },
  "expired-moral-fiel-ONO120726RX3-enye": { ...cadiz, rfc: "OÑO120726RX3", curp: "", legalName: "ORGANICOS ÑAVEZ OSORIO S.A DE C.V SA DE CV", personType: "moral", kind: "FIEL", certificateNumber: "30001000000400002461", notBefore: utc("2019-06-20T17:04:12"), notAfter: utc("2023-06-19T17:04:12"), representative: { rfc: "MISC491214B86", curp: "MISC491214MCCRNC01" }, atFixedNow: "EFIRMA_EXPIRED" },
  "expired-fisica-fiel-IANL750210963-enye": { ...cadiz, rfc: "IAÑL750210963", curp: "IANL750210HSRNZS09", legalName: "LUIS IAN ÑUZCO", personType: "fisica", kind: "FIEL", certificateNumber: "30001000000400002431", notBefore: utc("2019-06-14T21:58:00"), notAfter: utc("2023-06-13T21:58:00"), atFixedNow: "EFIRMA_EXPIRED" },
}

const fieldsOf = (c: Certificate) => ({
  rfc: c.rfc, curp: c.curp, legalName: c.legalName, personType: c.personType, kind: c.kind,
  certificateNumber: c.certificateNumber, notBefore: c.notBefore, notAfter: c.notAfter, issuer: c.issuer,
  ...(c.representative === undefined ? {} : { representative: c.representative }),
})

const read = (name: SatCredentialName) => Result.getOrThrow(readCertificate(readSatCredential(name).certificate))

describe.skipIf(noSatFixtures)("SAT fixtures (README table, field by field)", () => {
  const names = Object.keys(table) as Array<SatCredentialName>

  it.each(names)("%s: every field of the table; the serial is the certificate number's ASCII digits", (name) => {
    const { atFixedNow: _, ...expected } = table[name]
    expect(fieldsOf(read(name))).toEqual(expected)
    expect(read(name).serial).toBe(Buffer.from(expected.certificateNumber, "latin1").toString("hex"))
  })

  // Expected strings are `openssl x509 -nameopt RFC2253` output (RFC 4514: last encoded RDN first).
  it("serial, issuer and subject strings of the persona moral FIEL", () => {
    const c = read("moral-fiel-EKU9003173C9")
    expect(c.serial).toBe("3330303031303030303030353030303033343135")
    expect(c.subject).toBe(
      "serialNumber=\\ / VADA800927HSRSRL05,x500UniqueIdentifier=EKU9003173C9 / VADA800927DJ3,emailAddress=SATpruebas@pruebas.gob.mx,C=MX,O=ESCUELA KEMPER URGATE SA DE CV,name=ESCUELA KEMPER URGATE SA DE CV,CN=ESCUELA KEMPER URGATE SA DE CV",
    )
    expect(c.issuer).toBe(
      "unstructuredName=responsable: ACDMA-SAT,x500UniqueIdentifier=2.5.4.45,L=COYOACAN,ST=CIUDAD DE MEXICO,C=MX,postalCode=06370,street=3ra cerrada de caliz,emailAddress=oscar.martinez@sat.gob.mx,OU=SAT-IES Authority,O=SERVICIO DE ADMINISTRACION TRIBUTARIA,CN=AC UAT",
    )
  })

  it("reads PEM as well as DER, to the same value", () => {
    const der = readSatCredential("fisica-fiel-FUNK671228PH6").certificate
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`
    expect(fieldsOf(Result.getOrThrow(readCertificate(pem)))).toEqual(fieldsOf(read("fisica-fiel-FUNK671228PH6")))
  })

  const trust = () => loadTrustStore(join(satFixturesDir ?? "", "ca", "test"))

  it.each(names)("%s: validateFiel at FIXED_NOW against ca/test", async (name) => {
    const expected = table[name].atFixedNow
    const result = await Effect.runPromise(Effect.result(validateFiel(read(name), { at: FIXED_NOW, trust: trust() })))
    const row = table[name]
    const detail = expected === "EFIRMA_NOT_FIEL"
      ? `certificate ${row.certificateNumber} is a CSD (sello digital), not a FIEL`
      : `certificate ${row.certificateNumber} expired ${new Date(row.notAfter).toISOString()}`
    expect(result).toEqual(expected === true ? Result.succeed(read(name)) : Result.fail(new EfirmaRejected({ code: expected, detail })))
  })

  it.each(names.filter((n) => n.startsWith("expired")))("%s: chains to ca/test while it was valid", async (name) => {
    const c = read(name)
    const at = c.notBefore + 86_400_000
    const result = await Effect.runPromise(Effect.result(validateFiel(c, { at, trust: trust() })))
    expect(result).toEqual(Result.succeed(c))
  })

  it("a valid FIEL is untrusted without its root, and without any of ca/test", async () => {
    const c = read("fisica-fiel-CACX7605101P8")
    const onlyIntermediate = makeTrustStore([readSatCa("test/AC_UAT_2022.cer")])
    const wrongFamily = makeTrustStore([readSatCa("test/AC_4096_2018.cer"), readSatCa("test/arcbeta_crt_raiz.cer")])
    for (const trustStore of [onlyIntermediate, wrongFamily, makeTrustStore([])]) {
      const result = await Effect.runPromise(Effect.result(validateFiel(c, { at: FIXED_NOW, trust: trustStore })))
      expect(result).toEqual(Result.fail(new EfirmaRejected({ code: "EFIRMA_UNTRUSTED_ISSUER", detail: `no trusted CA issued and signed it (issuer: ${c.issuer})` })))
    }
  })

  it("an old FIEL checked while valid against a store whose CA has expired by then is untrusted, with the CA named", async () => {
    // AC_4096_2018 (CN=AC UAT, cadiz) expired 2022-02-23; the 2019 CACX FIEL was still valid until 2023-05-27.
    const c = read("expired-fisica-fiel-CACX7605101P8-2019")
    const at = utc("2022-06-01T00:00:00")
    const result = await Effect.runPromise(Effect.result(validateFiel(c, { at, trust: trust() })))
    const cadiz = "unstructuredName=responsable: ACDMA-SAT,x500UniqueIdentifier=2.5.4.45,L=COYOACAN,ST=CIUDAD DE MEXICO,C=MX,postalCode=06370,street=3ra cerrada de cadiz,emailAddress=oscar.martinez@sat.gob.mx,OU=SAT-IES Authority,O=SERVICIO DE ADMINISTRACION TRIBUTARIA,CN=AC UAT"
    expect(result).toEqual(Result.fail(new EfirmaRejected({
      code: "EFIRMA_UNTRUSTED_ISSUER",
      detail: `the issuing chain is not valid at 2022-06-01T00:00:00.000Z: ${cadiz} is valid 2018-02-23T21:47:03.000Z → 2022-02-23T21:47:03.000Z`,
    })))
  })

  it("validity bounds are inclusive: NOT_YET_VALID one ms before, EXPIRED one ms after", async () => {
    const c = read("fisica-fiel-CACX7605101P8")
    const at = async (t: number) => {
      const r = await Effect.runPromise(Effect.result(validateFiel(c, { at: t, trust: trust() })))
      return Result.isFailure(r) ? r.failure.code : "valid"
    }
    expect([await at(c.notBefore - 1), await at(c.notBefore), await at(c.notAfter), await at(c.notAfter + 1)]).toEqual([
      "EFIRMA_NOT_YET_VALID", "valid", "valid", "EFIRMA_EXPIRED",
    ])
  })

  it("identityOf a persona moral FIEL names its representative", () => {
    expect(identityOf(read("moral-fiel-EKU9003173C9"))).toEqual({
      rfc: "EKU9003173C9", certificateNumber: "30001000000500003415", legalName: "ESCUELA KEMPER URGATE SA DE CV",
      representative: { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" },
    })
  })

  it.each(names)("%s: the key decrypts with its password and matches its certificate", (name) => {
    const { certificate, privateKey, password } = readSatCredential(name)
    const credential = Result.getOrThrow(readCredential(certificate, privateKey, password))
    expect(credential.certificate).toBe(read(name))
    expect(credential.privateKey.key.asymmetricKeyType).toBe("rsa")
  })

  it("a wrong password (several shapes) is always EFIRMA_BAD_PASSWORD", () => {
    const { privateKey } = readSatCredential("fisica-fiel-CACX7605101P8")
    const wrong = new EfirmaRejected({ code: "EFIRMA_BAD_PASSWORD", detail: "the .key did not decrypt with the password given (check it; a damaged .key fails the same way)" })
    for (const password of ["", "12345678", "12345678A", "12345678a ", "ñ".repeat(40)]) {
      const r = readPrivateKey(privateKey, password)
      expect([password, r]).toEqual([password, Result.fail(wrong)])
      expect(Result.isFailure(r) && r.failure.message).toBe(
        "The private key password is wrong (or the .key file is damaged): the .key did not decrypt with the password given (check it; a damaged .key fails the same way)",
      )
    }
  })

  it("another holder's key is EFIRMA_KEY_MISMATCH", () => {
    const a = readSatCredential("fisica-fiel-CACX7605101P8")
    const b = readSatCredential("fisica-fiel-FUNK671228PH6")
    const r = readCredential(a.certificate, b.privateKey, b.password)
    expect(r).toEqual(Result.fail(new EfirmaRejected({ code: "EFIRMA_KEY_MISMATCH", detail: "the key is not the one certified in certificate 30001000000500003282" })))
  })

  it("loads all six test CAs from ca/test and all of ca/prod", () => {
    expect(trust().anchors.map((a) => /(?:^|,)(CN=[^,]*)/.exec(a.subject)?.[1]).sort()).toEqual(
      ["CN=A.C. 2 de pruebas(4096)", "CN=AC UAT", "CN=AC UAT", "CN=ARC", "CN=ARC beta", "CN=Agencia Certficadora Raiz Beta ANG"].sort(),
    )
    expect(loadTrustStore(join(satFixturesDir ?? "", "ca", "prod")).anchors).toHaveLength(6)
  })
})
