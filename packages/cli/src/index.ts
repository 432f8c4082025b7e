/**
 * @buzon/cli — the `buzon` command, runnable in-process.
 *
 * @since 0.1.0
 */
export { run } from "./run.js"
export { buildProgram } from "./program.js"
export type { CliIo } from "./io.js"
export { processIo } from "./io.js"
export { auditJson, auditSqliteFile, auditText, storeFileVerdict } from "./commands/audit.js"
export type { AuditReport, ChainBreakFound } from "./commands/audit.js"
