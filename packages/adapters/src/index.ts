/**
 * Public API. Named exports only, one section per area; add yours under your section.
 * @since 0.1.0
 */

// --- sqlite ---
export { openSqliteEventStore, SqliteEventStore } from "./sqlite/SqliteEventStore.js"
export type { SqliteEventStoreHandle, SqliteEventStoreOptions } from "./sqlite/SqliteEventStore.js"
export type { SqliteDurability } from "./sqlite/appends.js"
export { BUZON_APPLICATION_ID, SQLITE_SCHEMA_VERSION, SqliteFileForeign, SqliteSchemaNewer } from "./sqlite/schema.js"

// --- esdb ---
export { EsdbEventStore, makeEsdbEventStore } from "./esdb/EsdbEventStore.js"
export type { EsdbEventStoreOptions } from "./esdb/EsdbEventStore.js"

// --- revocation (ocsp) ---
export { makeOcspRevocationChecker, OcspRevocationChecker } from "./revocation/ocsp.js"
export type { OcspOptions } from "./revocation/ocsp.js"

// --- senders ---
export { makeSmtpSender, SmtpSender } from "./senders/SmtpSender.js"
export type { SmtpSenderOptions } from "./senders/SmtpSender.js"
export { makeSmsGatewaySender, SmsGatewaySender } from "./senders/SmsGatewaySender.js"
export type { SmsGatewaySenderOptions } from "./senders/SmsGatewaySender.js"
export { makeOutboxSender, OutboxSender } from "./senders/OutboxSender.js"
export type { OutboxMessage, OutboxSenderOptions, OutboxSenderShape } from "./senders/OutboxSender.js"
export { openSqliteOutboxSender, OutboxFileUnavailable } from "./senders/SqliteOutboxSender.js"
export type { SqliteOutboxSenderOptions, SqliteOutboxSenderShape } from "./senders/SqliteOutboxSender.js"
export { routeByChannel } from "./senders/routeByChannel.js"

export {}
