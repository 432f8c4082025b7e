/**
 * Public API. Named exports only, one section per area; add yours under your section.
 * @since 0.1.0
 */

// --- sqlite ---

// --- esdb ---

// --- revocation (ocsp) ---

// --- senders ---

export {}
