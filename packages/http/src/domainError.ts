/**
 * The core's refusals, as the HTTP layer sees them.
 *
 * @since 0.1.0
 */

/** Every tag the core may refuse with. @since 0.1.0 */
export type DomainErrorTag =
  | "EfirmaRejected" | "MailboxNotEnrolled" | "NotMailboxHolder" | "InvalidEmailAddress" | "InvalidMobileNumber"
  | "ContactLimitReached" | "DuplicateContact" | "ContactIdInUse" | "UnknownContact" | "ContactKindMismatch"
  | "ReplacementPending" | "ContactAlreadyVerified" | "CodeResendLimited" | "NoCodeIssued" | "CodeExpired" | "CodeLocked"
  | "MinimumContactsRequired" | "ContactsNotVerified" | "ConsentVersionUnknown" | "CertificateUnreadable"
  | "CertificateNotFiel" | "CertificateRfcMismatch" | "SigningCertificateMismatch" | "CertificateNotValidAt"
  | "ConsentSignatureInvalid" | "InvalidContentHash" | "InvalidRfc" | "DepositConflict" | "UnknownNotification"
  | "OutsideNotificationWindow" | "AvisoNotDue" | "NotifiedByEstrados" | "UnknownAvisoAttempt"
  | "OpeningCertificateRejected" | "OpeningSignatureInvalid" | "NotTheAddressee" | "AvisoNotDelivered"
  | "OpenWindowNotOver" | "EstradosPublicationRunning" | "OpeningBeforeDeposit" | "InvalidDate" | "UnknownZone"
  | "StreamVersionConflict" | "EventStoreUnavailable"

/** A core refusal: a tagged error with a message for whoever caused it. @since 0.1.0 */
export interface DomainError {
  readonly _tag: DomainErrorTag
  readonly message: string
}
