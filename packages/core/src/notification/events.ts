/**
 * The events of a notification: deposit, estrados, avisos, opening (the acuse de recibo), made and
 * takes effect. Stream `notification-{id}`.
 *
 * These names and fields are the storage format: every stored history is written in them. Add
 * optional fields freely; never rename a tag or a field, never change a field's meaning — add a new
 * event instead and keep folding the old one.
 *
 * Instants are UTC epoch ms, days `YYYY-MM-DD` in the calendar's zone. Every timing event carries the
 * rule-set and calendar versions it was computed with (DOMAIN §4, last paragraph).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** The stream of one notification. @example notificationStream("n1") // => "notification-n1" @since 0.1.0 */
export const notificationStream = (notificationId: string): string => `notification-${notificationId}`

/** Kinds of administrative act (DOMAIN §1). @since 0.1.0 */
export const ActType = Schema.Literals(["oficio", "cedula-de-liquidacion", "requerimiento", "resolucion", "otro"])
/** @since 0.1.0 */
export type ActType = typeof ActType.Type

/** A medio de contacto an aviso goes to. @since 0.1.0 */
export const AvisoTarget = Schema.Struct({ channel: Schema.Literals(["email", "sms"]), to: Schema.String })
/** @since 0.1.0 */
export type AvisoTarget = typeof AvisoTarget.Type

/** Why an act went to estrados (DOMAIN §2, last paragraph). @since 0.1.0 */
export const EstradosReason = Schema.Literals(["mailbox-not-active", "no-verified-contacts", "avisos-undeliverable"])
/** @since 0.1.0 */
export type EstradosReason = typeof EstradosReason.Type

/** How a notification came to be made (DOMAIN §3.4, §3.5; CFF art. 139). @since 0.1.0 */
export const MadeBasis = Schema.Literals(["opened", "deemed", "estrados"])
/** @since 0.1.0 */
export type MadeBasis = typeof MadeBasis.Type

/** One plazo that runs from the notification, as computed when it took effect (DOMAIN §4). @since 0.1.0 */
export const PlazoRecord = Schema.Struct({
  name: Schema.String,
  days: Schema.Number,
  purpose: Schema.String,
  endsOn: Schema.String,
  endsAt: Schema.Number,
  basis: Schema.String,
})
/** @since 0.1.0 */
export type PlazoRecord = typeof PlazoRecord.Type

const versions = { calendarVersion: Schema.String, ruleSetVersion: Schema.String }

/**
 * The institute deposited an act for an RFC (DOMAIN §3.1); `avisoDueAt` is the next window opening.
 * @example decide(deposit(), initialNotificationState, at("2026-03-11T07:00"))[0].avisoDueAt // => instant("2026-03-11T09:30-06:00")
 * @since 0.1.0
 */
export class ActDeposited extends Schema.TaggedClass<ActDeposited>()("ActDeposited", {
  notificationId: Schema.String,
  idempotencyKey: Schema.String,
  rfc: Schema.String,
  actType: ActType,
  reference: Schema.String,
  contentSha256: Schema.String,
  issuingUnit: Schema.String,
  depositedAt: Schema.Number,
  avisoDueAt: Schema.Number,
  ...versions,
}) {}

/**
 * The act was published in estrados instead of the mailbox, and why (LSS art. 286 M para. 4; CFF art.
 * 134 fr. III, 139): published for 10 business days, notified on the 11th at `notifiedAt`.
 * @example decide(deposit({ mailbox: { active: false, verifiedContacts: [] } }), initial, at("2026-03-02T12:00"))[1].lastPublicationDay // => "2026-03-17"
 * @since 0.1.0
 */
export class ActPublishedInEstrados extends Schema.TaggedClass<ActPublishedInEstrados>()("ActPublishedInEstrados", {
  notificationId: Schema.String,
  reason: EstradosReason,
  publishedAt: Schema.Number,
  lastPublicationDay: Schema.String,
  notifiedAt: Schema.Number,
  ...versions,
}) {}

/**
 * An aviso dispatch attempt began, inside a window, to these verified contacts (DOMAIN §3.2).
 * @example decide(dispatch, deposited, at("2026-03-11T09:30"))[0].attempt // => 1
 * @since 0.1.0
 */
export class AvisoDispatchAttempted extends Schema.TaggedClass<AvisoDispatchAttempted>()("AvisoDispatchAttempted", {
  notificationId: Schema.String,
  attempt: Schema.Number,
  dispatchedAt: Schema.Number,
  targets: Schema.Array(AvisoTarget),
}) {}

/**
 * The provider accepted the aviso for one contact; `providerId` is its reference.
 * @example decide(sentAll(1), attempting, ctx)[0].providerId // => "prov-1-0"
 * @since 0.1.0
 */
export class AvisoSent extends Schema.TaggedClass<AvisoSent>()("AvisoSent", {
  notificationId: Schema.String,
  attempt: Schema.Number,
  channel: Schema.Literals(["email", "sms"]),
  to: Schema.String,
  providerId: Schema.String,
  acceptedAt: Schema.Number,
}) {}

/**
 * The aviso to one contact failed; `fallbackChannel` is the other channel still carrying it, if any.
 * @example decide(emailFailsSmsSent, attempting, ctx)[0].fallbackChannel // => "sms"
 * @since 0.1.0
 */
export class AvisoFailed extends Schema.TaggedClass<AvisoFailed>()("AvisoFailed", {
  notificationId: Schema.String,
  attempt: Schema.Number,
  channel: Schema.Literals(["email", "sms"]),
  to: Schema.String,
  reason: Schema.String,
  retryable: Schema.Boolean,
  fallbackChannel: Schema.NullOr(Schema.Literals(["email", "sms"])),
}) {}

/**
 * Every contact failed in an attempt: the next one is due at `retryAt`, inside a window ([D] backoff).
 * @example decide(failedAll(1), attempting, at("2026-03-11T09:31")).at(-1).retryAt // => instant("2026-03-11T09:46-06:00")
 * @since 0.1.0
 */
export class AvisoRetryScheduled extends Schema.TaggedClass<AvisoRetryScheduled>()("AvisoRetryScheduled", {
  notificationId: Schema.String,
  attempt: Schema.Number,
  retryAt: Schema.Number,
  backoffMs: Schema.Number,
}) {}

/**
 * The first successful dispatch: it fixes the aviso instant, and with it the open window and the
 * deemed instant (DOMAIN §3.2, §3.3, §3.5). `addresses` are the contacts it reached.
 * @example decide(sentAll(1), attempting, ctx).at(-1).openUntil // => "2026-03-17"
 * @since 0.1.0
 */
export class AvisoDelivered extends Schema.TaggedClass<AvisoDelivered>()("AvisoDelivered", {
  notificationId: Schema.String,
  attempt: Schema.Number,
  avisoAt: Schema.Number,
  addresses: Schema.Array(AvisoTarget),
  /** Day 3 of the open window (DOMAIN §3.3). */
  openUntil: Schema.String,
  deemableAt: Schema.Number,
  ...versions,
}) {}

/**
 * The acuse de recibo: the addressee (or its representative) authenticated with e.firma and opened the
 * act (DOMAIN §3.4, §8). `countsAsMadeAt` is null when the opening changed nothing (made already, or
 * counted after the deemed instant). The certificate and signature are kept so the acuse verifies offline.
 * @example decide(open(fiel), avisado, at("2026-03-17T08:00"))[0].countsAsMadeAt // => instant("2026-03-18T09:30-06:00")
 * @since 0.1.0
 */
export class NotificationOpened extends Schema.TaggedClass<NotificationOpened>()("NotificationOpened", {
  notificationId: Schema.String,
  rfc: Schema.String,
  certificateNumber: Schema.String,
  representativeRfc: Schema.NullOr(Schema.String),
  authenticatedAt: Schema.Number,
  countsAsMadeAt: Schema.NullOr(Schema.Number),
  contentSha256: Schema.String,
  certificateDer: Schema.String,
  signature: Schema.String,
  ...versions,
}) {}

/**
 * The notification was made, once, at `madeAt`, on this basis (DOMAIN §3.4, §3.5; CFF art. 139).
 * @example decide(markDeemed, avisado, at("2026-03-18T09:30"))[0] // => NotificationMade { basis: "deemed", madeOn: "2026-03-18", … }
 * @since 0.1.0
 */
export class NotificationMade extends Schema.TaggedClass<NotificationMade>()("NotificationMade", {
  notificationId: Schema.String,
  basis: MadeBasis,
  madeAt: Schema.Number,
  madeOn: Schema.String,
  ...versions,
}) {}

/**
 * The notification takes effect on `effectiveOn` (CFF art. 135); the plazos that run from it (RCFF art. 7).
 * @example decide(markDeemed, avisado, at("2026-03-18T09:30"))[1].effectiveOn // => "2026-03-19"
 * @since 0.1.0
 */
export class NotificationTookEffect extends Schema.TaggedClass<NotificationTookEffect>()("NotificationTookEffect", {
  notificationId: Schema.String,
  effectiveOn: Schema.String,
  plazos: Schema.Array(PlazoRecord),
  ...versions,
}) {}

/** Every notification event. @since 0.1.0 */
export const NotificationEvent = Schema.Union([
  ActDeposited,
  ActPublishedInEstrados,
  AvisoDispatchAttempted,
  AvisoSent,
  AvisoFailed,
  AvisoRetryScheduled,
  AvisoDelivered,
  NotificationOpened,
  NotificationMade,
  NotificationTookEffect,
])
/** @since 0.1.0 */
export type NotificationEvent = typeof NotificationEvent.Type
