/**
 * @buzon/core — the public API. Every export is named here by hand (no `export *`); anything not
 * exported here is internal. Sections are kept in the order of the roadmap.
 *
 * @since 0.1.0
 */

// --- calendar ---
export {
  addBusinessDays, AUTHORITY_ZONE, dayNumberOf, dayOf, inZone, InvalidDate, isBusinessDay, makeCalendar, UnknownZone,
} from "./calendar/calendar.js"
export type { Calendar, CalendarOptions, Closure, IsoDate, Purpose } from "./calendar/calendar.js"
export { decodeClosures, InvalidClosures, knownClosures } from "./calendar/closures.js"
export { cffArt12, cffArt12Literal, statutoryHolidays, transmissionDay } from "./calendar/ruleSet.js"
export type { RuleSet, StatutoryHoliday, TransmissionRule } from "./calendar/ruleSet.js"
export { isoOfDay, parseIsoDate } from "./calendar/civilDay.js"
export { isKnownZone } from "./calendar/zoneClock.js"
export { OutsideCalendarRange } from "./calendar/dayIndex.js"

// --- timing ---
export { avisoAt, isInsideWindow, nextWindowOpening } from "./timing/window.js"
export { deemedAt, effectiveOn, madeAtOnOpening, openUntil } from "./timing/notified.js"
export { paymentDueOn, plazos } from "./timing/plazos.js"
export type { Plazo, Plazos } from "./timing/plazos.js"
export { OpeningBeforeDeposit, timeline } from "./timing/timeline.js"
export type { Basis, LegalZone, Timeline, TimelineInput } from "./timing/timeline.js"
export { estrados } from "./timing/estrados.js"
export type { EstradosTimeline } from "./timing/estrados.js"
export { obligations } from "./timing/obligations.js"
export type { Obligation, ObligationDue } from "./timing/obligations.js"
export { AclaracionOutOfTime, AnswerBeforeFiling, pagoCedulaWithAclaracion } from "./timing/aclaracion.js"
export type { AclaracionInput, PagoCedulaWithAclaracion } from "./timing/aclaracion.js"

// --- efirma ---
export type { Identity, Representative } from "./efirma/identity.js"
export { EfirmaRejected, efirmaCodes } from "./efirma/errors.js"
export type { EfirmaCode } from "./efirma/errors.js"
export { readCertificate } from "./efirma/certificate.js"
export type { Certificate } from "./efirma/certificate.js"
export { keyMatches, readCredential, readPrivateKey } from "./efirma/privateKey.js"
export type { Credential, PrivateKey } from "./efirma/privateKey.js"
export { sign, verifySignature } from "./efirma/signature.js"
export { loadTrustStore, makeTrustStore } from "./efirma/trust.js"
export type { CaCertificate, TrustStore } from "./efirma/trust.js"
export { identityOf, validateFiel } from "./efirma/validate.js"
export type { ValidateFielOptions } from "./efirma/validate.js"
export { RevocationChecker } from "./efirma/revocation.js"
export type { RevocationCheckerShape, RevocationQuery, RevocationStatus } from "./efirma/revocation.js"
export { DEFAULT_CHALLENGE_TTL_MS, makeChallenges, memoryChallengeStore } from "./efirma/challenge.js"
export type { ChallengeAnswer, ChallengeContext, Challenges, ChallengeStore, IssuedChallenge } from "./efirma/challenge.js"
export { generateTestCa, generateTestCredential } from "./efirma/testCredentials.js"
export type { TestCa, TestCredential, TestCredentialOptions } from "./efirma/testCredentials.js"

// --- eventstore ---
export {
  EventStore,
  EventStoreUnavailable,
  StreamVersionConflict,
} from "./eventstore/EventStore.js"
export { makeMemoryEventStore } from "./eventstore/memory.js"
export { followAll, makeAppendSignal } from "./eventstore/subscription.js"
export type { AppendSignal, FollowSource } from "./eventstore/subscription.js"
export type {
  AppendResult,
  EventMetadata,
  EventStoreShape,
  ExpectedVersion,
  Json,
  NewEvent,
  RecordedEvent,
  StreamAppend,
} from "./eventstore/EventStore.js"

// --- decider ---
export { absurd, fold, isEvents } from "./app/decider.js"
export type { DecideContext, Decider, Decision } from "./app/decider.js"

// --- mailbox ---
export {
  Actor,
  ConsentSigned,
  ContactKind,
  ContactRegistered,
  ContactRemoved,
  ContactVerified,
  EnrollmentStarted,
  MailboxEvent,
  VerificationCodeIssued,
  VerificationCodeRejected,
  mailboxCodec,
  mailboxStreamName,
} from "./mailbox/events.js"
export type {
  IssueVerificationCode,
  MailboxCommand,
  RegisterContact,
  RemoveContact,
  ReplaceContact,
  SignConsent,
  StartEnrollment,
  VerifyContact,
} from "./mailbox/commands.js"
export { initialState as mailboxInitialState, verifiedContacts } from "./mailbox/state.js"
export type {
  ActiveMailbox,
  Contact,
  EnrolledMailbox,
  EnrollingMailbox,
  IssuedCode,
  MailboxState,
  SignedConsent,
} from "./mailbox/state.js"
export { actorOf, mailboxDecider } from "./mailbox/decider.js"
export type { MailboxDecision } from "./mailbox/decider.js"
export { CONTACT_LIMITS } from "./mailbox/decideContacts.js"
export {
  CertificateNotFiel,
  CertificateNotValidAt,
  CertificateRfcMismatch,
  CertificateUnreadable,
  CodeExpired,
  CodeLocked,
  CodeResendLimited,
  ConsentSignatureInvalid,
  ConsentVersionUnknown,
  ContactAlreadyVerified,
  ContactIdInUse,
  ContactKindMismatch,
  ContactLimitReached,
  ContactsNotVerified,
  DuplicateContact,
  InvalidEmailAddress,
  InvalidMobileNumber,
  MailboxNotEnrolled,
  MinimumContactsRequired,
  NoCodeIssued,
  NotMailboxHolder,
  ReplacementPending,
  SigningCertificateMismatch,
  UnknownContact,
} from "./mailbox/errors.js"
export type { MailboxRefusal } from "./mailbox/errors.js"
export {
  consentForMailbox,
  consentVersions,
  isConsentVersion,
  renderConsent,
} from "./mailbox/consent.js"
export type { ConsentDocument, ConsentParty, ConsentVersion } from "./mailbox/consent.js"
export { normaliseEmail, normaliseMobile } from "./mailbox/contactAddress.js"
export {
  CODE_TTL_MS,
  MAX_CODES_PER_HOUR,
  MAX_WRONG_ATTEMPTS,
  hashVerificationCode,
  matchesVerificationCode,
} from "./mailbox/verificationCode.js"

// --- notification ---
export {
  ActDeposited, ActPublishedInEstrados, ActType, AvisoDelivered, AvisoDispatchAttempted, AvisoFailed, AvisoRetryScheduled,
  AvisoSent, AvisoTarget, EstradosReason, MadeBasis, NotificationEvent, NotificationMade, NotificationOpened,
  NotificationTookEffect, notificationStream, PlazoRecord,
} from "./notification/events.js"
export { DepositAct, DispatchAviso, MarkDeemed, OpenNotification, RecordAvisoOutcomes } from "./notification/commands.js"
export type { AvisoOutcome, MailboxSnapshot, NotificationCommand } from "./notification/commands.js"
export {
  AvisoNotDelivered, AvisoNotDue, DepositConflict, EstradosPublicationRunning, InvalidContentHash, InvalidRfc,
  NotifiedByEstrados, NotTheAddressee, OpeningCertificateRejected, OpeningSignatureInvalid, OpenWindowNotOver,
  OutsideNotificationWindow, UnknownAvisoAttempt, UnknownNotification,
} from "./notification/errors.js"
export type { NotificationRefusal } from "./notification/errors.js"
export { evolveNotification, initialNotificationState } from "./notification/state.js"
export type { NotificationFacts, NotificationState, PendingAttempt } from "./notification/state.js"
export { decideNotification, notificationCodec, notificationDecider, storedNotificationCodec } from "./notification/decider.js"
export { avisoRetry } from "./notification/avisos.js"
export { openingCounts } from "./notification/opening.js"
export { auditNotifications } from "./notification/audit.js"
export type { Violation, ViolationKind } from "./notification/audit.js"

// --- evidence ---
export { canonicalJson } from "./evidence/canonicalJson.js"
export { GENESIS_HASH, hashEvent, linkEvents, verifyChain } from "./evidence/hashChain.js"
export type { ChainBreak, ChainVerdict, HashedEvent } from "./evidence/hashChain.js"
// `cadenaOriginal` is exported by the mailbox section (mailbox/consent.ts) too; until one remains, evidence exports its field rule only.
export { cadenaField } from "./evidence/cadenaOriginal.js"
export { InstituteSeal, instituteSealOf, selloDigital, verifySello } from "./evidence/seal.js"
export type { InstituteSealShape } from "./evidence/seal.js"
export {
  acuseDeRecibo, avisoEvidence, constancia, EVIDENCE_FORMAT, evidenceDocuments, evidenceInstant,
} from "./evidence/documents.js"
export type { EvidenceDocument, EvidenceKind } from "./evidence/documents.js"
export { acuseVerifies, buildBundle, verifyBundle } from "./evidence/bundle.js"
export type { BundledEvent, BundleFault, BundleVerdict, EvidenceBundle, SealedDocument } from "./evidence/bundle.js"

// --- app ---
export { AvisoSender, DispatchFailed } from "./app/AvisoSender.js"
export type { AvisoSenderShape, Channel, DispatchReceipt, OutgoingMessage } from "./app/AvisoSender.js"
export { conflictRetry, foldRecorded, handleCommand, loadFrom, loadStream, remember, stampEvents } from "./app/handle.js"
export { handleBatch } from "./app/handleBatch.js"
export type { BatchItem, BatchOutcome } from "./app/handleBatch.js"
export type { Actor as CommandActor, Aggregate, CommandOptions, Handled, LoadedStream } from "./app/handle.js"
export { StreamVersionMismatch } from "./app/errors.js"
export type { DomainError } from "./app/errors.js"
export { BuzonConfig, cryptoRandomBytes, drawVerificationCode, seededRandomBytes } from "./app/BuzonConfig.js"
export type { BuzonConfigShape } from "./app/BuzonConfig.js"
export { clockFrom } from "./app/clock.js"
export { runContextOf } from "./app/runContext.js"
export type { RunContextOptions } from "./app/runContext.js"
export {
  addContact,
  authenticate,
  channelOf,
  consentDocument,
  CURRENT_CONSENT_VERSION,
  enroll,
  issueChallenge,
  mailboxAggregate,
  mailboxHistory,
  readMailbox,
  removeContact,
  replaceContact,
  resendCode,
  signConsent,
  verifyContact,
} from "./app/mailboxes.js"
export type { ContactResult, MailboxResult } from "./app/mailboxes.js"
export {
  avisoTargetsOf,
  deposit,
  evidenceBundle,
  notificationAggregate,
  notificationHistory,
  notificationIdOf,
  openNotification,
  readNotification,
  runNotificationCommand,
} from "./app/notifications.js"
export type { DepositInput, NotificationResult } from "./app/notifications.js"
export { makeDueQueue } from "./app/dueQueue.js"
export type { DueEntry, DueQueue } from "./app/dueQueue.js"
export { evolveInboxItem, makeDueWorkIndex, makeInboxProjection } from "./app/projections.js"
export type { AwaitingOutcome, DueWorkIndex, InboxItem, InboxProjection, InboxStatus } from "./app/projections.js"
export { makeReadModels } from "./app/readModels.js"
export type { ReadModels } from "./app/readModels.js"
export { runDue, runScheduler } from "./app/scheduler.js"
export type { PassOptions, PassReport } from "./app/scheduler.js"
export { Buzon } from "./app/Buzon.js"
export type { BuzonShape } from "./app/Buzon.js"
export { buzonPortsLayer, createBuzon, runToPromise } from "./app/facade.js"
export type { BuzonClient, BuzonOptions } from "./app/facade.js"
export { makeMemorySender } from "./app/memorySender.js"
export type { MemorySender, SentMessage } from "./app/memorySender.js"
