/**
 * The core's refusals, as the HTTP layer sees them: the core's own `DomainError` union, plus the
 * timeline calculator's refusal (the public calculator is the only route that calls it directly).
 *
 * @since 0.1.0
 */
import type { DomainError as CoreDomainError, OpeningBeforeDeposit } from "@buzon/core"

/** Every refusal the core may answer the routes with. @since 0.1.0 */
export type DomainError = CoreDomainError | OpeningBeforeDeposit
