/**
 * The core's refusals as HTTP problems: one row per `DomainError` tag (part of `problems.ts`'s table;
 * kept apart only because the core has many tags). A tag added to the core without a row here fails the build.
 *
 * @since 0.1.0
 */
import type { DomainError } from "./domainError.js"
import type { ProblemRow } from "./edge/problems.js"

/** The rows. @since 0.1.0 */
export const domainProblems = {
  // e.firma (DOMAIN §2.1, §9): a refused e.firma is a failed authentication; `code` says why.
  EfirmaRejected: { status: 401, title: "The e.firma was rejected" },
  // mailbox (DOMAIN §2)
  MailboxNotEnrolled: { status: 404, title: "There is no mailbox for this RFC" },
  NotMailboxHolder: { status: 403, title: "This e.firma does not hold this mailbox" },
  InvalidEmailAddress: { status: 422, title: "The email address is not valid" },
  InvalidMobileNumber: { status: 422, title: "The mobile number is not valid" },
  ContactLimitReached: { status: 422, title: "The mailbox has as many contacts of this kind as allowed" },
  DuplicateContact: { status: 409, title: "The contact is already registered" },
  ContactIdInUse: { status: 409, title: "The contact id is already in use" },
  UnknownContact: { status: 404, title: "No such contact on this mailbox" },
  ContactKindMismatch: { status: 422, title: "The contact is of another kind" },
  ReplacementPending: { status: 409, title: "A replacement of this contact is pending" },
  ContactAlreadyVerified: { status: 409, title: "The contact is already verified" },
  CodeResendLimited: { status: 429, title: "Too many codes sent to this contact" },
  NoCodeIssued: { status: 409, title: "No code was sent to this contact" },
  CodeExpired: { status: 422, title: "The verification code has expired" },
  CodeLocked: { status: 423, title: "Too many wrong codes: request a new one" },
  MinimumContactsRequired: { status: 409, title: "At least one verified email and one verified mobile are required" },
  ContactsNotVerified: { status: 409, title: "The contacts are not verified yet" },
  ConsentVersionUnknown: { status: 409, title: "The consent version is not known" },
  CertificateUnreadable: { status: 422, title: "The certificate could not be read" },
  CertificateNotFiel: { status: 422, title: "The certificate is not a FIEL" },
  CertificateRfcMismatch: { status: 403, title: "The certificate is of another RFC" },
  SigningCertificateMismatch: { status: 422, title: "The consent must be signed with the e.firma that enrolled" },
  CertificateNotValidAt: { status: 422, title: "The certificate is not valid now" },
  ConsentSignatureInvalid: { status: 422, title: "The consent signature does not verify" },
  // notification (DOMAIN §3)
  InvalidContentHash: { status: 422, title: "The act's hash is not a SHA-256" },
  InvalidRfc: { status: 422, title: "The RFC is not valid" },
  DepositConflict: { status: 422, title: "The Idempotency-Key was used for another act" },
  UnknownNotification: { status: 404, title: "No such notification" },
  OutsideNotificationWindow: { status: 409, title: "Outside the notification window" },
  AvisoNotDue: { status: 409, title: "The aviso is not due yet" },
  NotifiedByEstrados: { status: 409, title: "The act is published in estrados" },
  UnknownAvisoAttempt: { status: 409, title: "No such aviso attempt" },
  OpeningCertificateRejected: { status: 422, title: "The e.firma used to open was rejected" },
  OpeningSignatureInvalid: { status: 422, title: "The opening signature does not verify" },
  NotTheAddressee: { status: 403, title: "The act is addressed to another RFC" },
  AvisoNotDelivered: { status: 409, title: "No aviso has been delivered yet" },
  OpenWindowNotOver: { status: 409, title: "The act can still be opened" },
  EstradosPublicationRunning: { status: 409, title: "The estrados publication is still running" },
  // the public calculator
  OpeningBeforeDeposit: { status: 422, title: "The opening is before the deposit" },
  // a provider refused a code or an aviso: the request was fine, the message did not leave (resend it)
  DispatchFailed: { status: 502, title: "The message could not be sent" },
  // store: a conflict that survived the retries, and a store that is down (not the caller's fault)
  StreamVersionConflict: { status: 409, title: "The resource changed while the request was handled; try again" },
  // a version pinned by If-Match that the stream no longer had; the routes answer it as the edge's PreconditionFailed (etag.ts)
  StreamVersionMismatch: { status: 412, title: "The resource changed since you read it" },
  EventStoreUnavailable: { status: 503, title: "The store is unavailable; try again later" },
} as const satisfies Record<DomainError["_tag"], ProblemRow>
