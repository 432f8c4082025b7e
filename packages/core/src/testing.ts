/**
 * @buzon/core/testing — the decider specification DSL and the EventStore contract suite, for
 * adapters and other teams' tests.
 *
 * @since 0.1.0
 */

// --- decider spec ---
export { deciderSpec, expectIdempotent, plainValue } from "./testing/deciderSpec.js"
export type { DeciderSpecification, DeciderThen, DeciderWhen } from "./testing/deciderSpec.js"

// --- eventstore contract ---
export { eventStoreContract } from "./eventstore/contract.js"
export type { ContractOptions, StoreUnderTest } from "./eventstore/contract.js"

// --- app ---
export { makeTestBuzon } from "./app/testBuzon.js"
export type { TestBuzon, TestFiel } from "./app/testBuzon.js"
