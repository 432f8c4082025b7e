import { describe, it } from "vitest"
import { deciderSpec } from "../testing/deciderSpec.js"
import { mailboxDecider } from "./decider.js"
import { CodeExpired, CodeLocked, CodeResendLimited, ContactAlreadyVerified, NoCodeIssued, UnknownContact } from "./errors.js"
import { ContactRemoved, ContactVerified, VerificationCodeIssued, VerificationCodeRejected } from "./events.js"
import {
  CODE, EMAIL, HOUR, NOW, RFC, SALT, activeHistory, actor, codeIssued, contactRegistered, ctx, enrollmentStarted, identity,
} from "./testKit.js"
import { hashVerificationCode } from "./verificationCode.js"

const spec = deciderSpec(mailboxDecider)
const withEmail = [enrollmentStarted(), contactRegistered("e1", "email", EMAIL)]
const issue = (salt: string = SALT, code: string = CODE) =>
  ({ _tag: "IssueVerificationCode", identity, contactId: "e1", codeHash: hashVerificationCode(code, salt), salt }) as const
const verify = (code: string = CODE) => ({ _tag: "VerifyContact", identity, contactId: "e1", code }) as const
const rejected = (attempt: number, at: number = NOW) => new VerificationCodeRejected({ rfc: RFC, contactId: "e1", attempt, actor, at })

describe("IssueVerificationCode ([D] DOMAIN §2.2)", () => {
  it("records only the salted hash, valid for 72 hours", () =>
    spec.given(withEmail).when(issue(), ctx()).then([new VerificationCodeIssued({
      rfc: RFC, contactId: "e1", codeHash: hashVerificationCode(CODE, SALT), salt: SALT, expiresAt: NOW + 72 * HOUR, actor, at: NOW,
    })]))

  it("does nothing when the same issue (same salt) is retried", () =>
    spec.given([...withEmail, codeIssued("e1", NOW - 1, CODE, SALT)]).when(issue(), ctx()).thenNothing())

  it("does nothing when an earlier issue is retried after a newer code, or after verification", () => {
    spec.given([...withEmail, codeIssued("e1", NOW - 2, CODE, SALT), codeIssued("e1", NOW - 1, "111111", "newer")]).when(issue(), ctx()).thenNothing()
    spec.given([...withEmail, codeIssued("e1", NOW - 2, CODE, SALT), new ContactVerified({ rfc: RFC, contactId: "e1", actor, at: NOW - 1 })])
      .when(issue(), ctx()).thenNothing()
  })

  it("refuses an unknown contact", () =>
    spec.given(withEmail).when({ ...issue(), contactId: "e9" }, ctx()).thenFails(new UnknownContact({ contactId: "e9" })))

  it("refuses a verified contact", () =>
    spec.given(activeHistory).when(issue("fresh"), ctx()).thenFails(new ContactAlreadyVerified({ contactId: "e1" })))

  const threeCodes = [codeIssued("e1", NOW - 50 * 60_000), codeIssued("e1", NOW - 30 * 60_000), codeIssued("e1", NOW - 10 * 60_000)]
  it("refuses a 4th code within the hour, saying when the next one may be sent", () =>
    spec.given([...withEmail, ...threeCodes]).when(issue("fourth"), ctx())
      .thenFails(new CodeResendLimited({ contactId: "e1", retryAt: NOW + 10 * 60_000 })))

  it("sends a 4th code once the first of the three is an hour old", () =>
    spec.given([...withEmail, ...threeCodes]).when(issue("fourth"), ctx(NOW + 10 * 60_000)).then([new VerificationCodeIssued({
      rfc: RFC, contactId: "e1", codeHash: hashVerificationCode(CODE, "fourth"), salt: "fourth",
      expiresAt: NOW + 10 * 60_000 + 72 * HOUR, actor, at: NOW + 10 * 60_000,
    })]))

  it("counts codes per contact: another contact's codes do not limit this one", () =>
    spec.given([...withEmail, contactRegistered("m1", "mobile", "+525512345678"),
      codeIssued("m1", NOW - 3), codeIssued("m1", NOW - 2), codeIssued("m1", NOW - 1)])
      .when(issue(), ctx()).then([new VerificationCodeIssued({
        rfc: RFC, contactId: "e1", codeHash: hashVerificationCode(CODE, SALT), salt: SALT, expiresAt: NOW + 72 * HOUR, actor, at: NOW,
      })]))
})

describe("VerifyContact ([D] DOMAIN §2.2)", () => {
  const issuedAt = NOW - HOUR
  const withCode = [...withEmail, codeIssued("e1", issuedAt)]

  it("verifies the contact with the right code", () =>
    spec.given(withCode).when(verify(), ctx()).then([new ContactVerified({ rfc: RFC, contactId: "e1", actor, at: NOW })]))

  it("accepts the code typed with surrounding spaces", () =>
    spec.given(withCode).when(verify(` ${CODE} `), ctx()).then([new ContactVerified({ rfc: RFC, contactId: "e1", actor, at: NOW })]))

  it("records a wrong code as a fact that counts toward the limit", () =>
    spec.given(withCode).when(verify("000000"), ctx()).then([rejected(1)]))

  it("counts the 5th wrong attempt", () =>
    spec.given([...withCode, rejected(1), rejected(2), rejected(3), rejected(4)]).when(verify("000000"), ctx()).then([rejected(5)]))

  it("locks the code after 5 wrong attempts, even for the right code", () =>
    spec.given([...withCode, rejected(1), rejected(2), rejected(3), rejected(4), rejected(5)]).when(verify(), ctx())
      .thenFails(new CodeLocked({ contactId: "e1", attempts: 5 })))

  it("unlocks with a new code: attempts count per code", () =>
    spec.given([...withCode, rejected(1), rejected(2), rejected(3), rejected(4), rejected(5), codeIssued("e1", NOW - 1, "111111")])
      .when(verify("111111"), ctx()).then([new ContactVerified({ rfc: RFC, contactId: "e1", actor, at: NOW })]))

  it("refuses the previous code once a new one was issued", () =>
    spec.given([...withCode, codeIssued("e1", NOW - 1, "111111")]).when(verify(), ctx()).then([rejected(1)]))

  it("accepts the code one millisecond before 72 hours", () =>
    spec.given(withCode).when(verify(), ctx(issuedAt + 72 * HOUR - 1))
      .then([new ContactVerified({ rfc: RFC, contactId: "e1", actor, at: issuedAt + 72 * HOUR - 1 })]))

  it("refuses the code at 72 hours", () =>
    spec.given(withCode).when(verify(), ctx(issuedAt + 72 * HOUR))
      .thenFails(new CodeExpired({ contactId: "e1", expiredAt: issuedAt + 72 * HOUR })))

  it("refuses when no code was issued", () =>
    spec.given(withEmail).when(verify(), ctx()).thenFails(new NoCodeIssued({ contactId: "e1" })))

  it("refuses an unknown contact", () =>
    spec.given(withCode).when({ ...verify(), contactId: "e9" }, ctx()).thenFails(new UnknownContact({ contactId: "e9" })))

  it("does nothing when the contact is verified already, whatever the code", () =>
    spec.given([...withCode, new ContactVerified({ rfc: RFC, contactId: "e1", actor, at: NOW - 1 })]).when(verify("000000"), ctx())
      .thenNothing())

  it("removes the replaced contact when its replacement is verified (DOMAIN §2.4)", () =>
    spec.given([...activeHistory, contactRegistered("e2", "email", "nuevo@kemper.mx", NOW - HOUR, "e1"), codeIssued("e2", NOW - HOUR)])
      .when({ ...verify(), contactId: "e2" }, ctx()).then([
        new ContactVerified({ rfc: RFC, contactId: "e2", actor, at: NOW }),
        new ContactRemoved({ rfc: RFC, contactId: "e1", replacedBy: "e2", actor, at: NOW }),
      ]))

  it("verifies a replacement whose old contact is gone without removing anything", () =>
    spec.given([...withEmail, contactRegistered("e2", "email", "nuevo@kemper.mx", NOW - HOUR, "e1"),
      new ContactRemoved({ rfc: RFC, contactId: "e1", actor, at: NOW - HOUR }), codeIssued("e2", NOW - HOUR)])
      .when({ ...verify(), contactId: "e2" }, ctx()).then([new ContactVerified({ rfc: RFC, contactId: "e2", actor, at: NOW })]))
})
