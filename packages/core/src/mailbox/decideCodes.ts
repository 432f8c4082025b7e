/**
 * Decisions on one-time verification codes: issue (or resend) and verify ([D] DOMAIN §2.2: 72 h,
 * 5 wrong attempts per code, 3 codes per contact per hour, stored only as a salted hash).
 *
 * @since 0.1.0
 */
import type { IssueVerificationCode, VerifyContact } from "./commands.js"
import type { MailboxDecision, MailboxTurn } from "./decider.js"
import { CodeExpired, CodeLocked, CodeResendLimited, ContactAlreadyVerified, NoCodeIssued, UnknownContact } from "./errors.js"
import { ContactRemoved, ContactVerified, VerificationCodeIssued, VerificationCodeRejected } from "./events.js"
import {
  CODE_TTL_MS, MAX_CODES_PER_HOUR, MAX_WRONG_ATTEMPTS, RESEND_WINDOW_MS, matchesVerificationCode,
} from "./verificationCode.js"

/**
 * Issues a code for an unverified contact. The salt identifies the issue: a retry of any earlier issue
 * is a no-op (it neither revives an old code nor counts toward the resend limit).
 * @example decideIssueCode({ _tag: "IssueVerificationCode", identity, contactId: "c1", codeHash, salt }, turn)
 * // => [VerificationCodeIssued { contactId: "c1", codeHash, salt, expiresAt: now + 72 h, … }]
 * @since 0.1.0
 */
export const decideIssueCode = (command: IssueVerificationCode, { mailbox, actor, context }: MailboxTurn): MailboxDecision => {
  const { contactId, codeHash, salt } = command
  const contact = mailbox.contacts.get(contactId)
  if (contact === undefined) return new UnknownContact({ contactId })
  if (contact.codeIssues.some((issue) => issue.salt === salt)) return [] // issued already: a retry sends nothing new
  if (contact.verifiedAt !== undefined) return new ContactAlreadyVerified({ contactId })
  // [D] DOMAIN §2.2: at most 3 codes per contact in any rolling hour, the first one included.
  const recent = contact.codeIssues.map((issue) => issue.at).filter((at) => at > context.now - RESEND_WINDOW_MS)
  if (recent.length >= MAX_CODES_PER_HOUR)
    return new CodeResendLimited({ contactId, retryAt: (recent[recent.length - MAX_CODES_PER_HOUR] ?? context.now) + RESEND_WINDOW_MS })
  const expiresAt = context.now + CODE_TTL_MS // [D] DOMAIN §2.2, after SAT's 72-hour practice
  return [new VerificationCodeIssued({ rfc: mailbox.rfc, contactId, codeHash, salt, expiresAt, actor, at: context.now })]
}

/**
 * Checks a code: a wrong one is a fact (it counts toward the lock), the right one in time verifies the
 * contact, and a verified replacement removes the contact it replaces (DOMAIN §2.4).
 * @example decideVerifyContact({ _tag: "VerifyContact", identity, contactId: "c1", code: "482913" }, turn)
 * // => [ContactVerified { contactId: "c1", … }]
 * @since 0.1.0
 */
export const decideVerifyContact = (command: VerifyContact, { mailbox, actor, context }: MailboxTurn): MailboxDecision => {
  const { contactId } = command
  const { rfc } = mailbox
  const contact = mailbox.contacts.get(contactId)
  if (contact === undefined) return new UnknownContact({ contactId })
  if (contact.verifiedAt !== undefined) return [] // applied already: a retry changes nothing
  const { code } = contact
  if (code === undefined) return new NoCodeIssued({ contactId })
  if (context.now >= code.expiresAt) return new CodeExpired({ contactId, expiredAt: code.expiresAt }) // [D] 72 h
  // [D] DOMAIN §2.2: 5 wrong attempts lock the code until a new one is issued.
  if (code.failedAttempts >= MAX_WRONG_ATTEMPTS) return new CodeLocked({ contactId, attempts: code.failedAttempts })
  if (!matchesVerificationCode(command.code, code))
    return [new VerificationCodeRejected({ rfc, contactId, attempt: code.failedAttempts + 1, actor, at: context.now })]
  const verified = new ContactVerified({ rfc, contactId, actor, at: context.now })
  const replaced = contact.replaces
  if (replaced === undefined || !mailbox.contacts.has(replaced)) return [verified]
  return [verified, new ContactRemoved({ rfc, contactId: replaced, replacedBy: contactId, actor, at: context.now })]
}
