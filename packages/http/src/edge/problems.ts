/**
 * RFC 9457 problem details: the only file that knows HTTP statuses. Every refusal tag (the edge's
 * and the core's `DomainError`) has one row; a new tag without a row fails the build.
 *
 * The problem `type` is `/problems/<Tag>`: the tag is the stable code, never renamed.
 *
 * @since 0.1.0
 */
import type { Response } from "express"
import type { DomainError } from "../domainError.js"
import { domainProblems } from "../domainProblems.js"
import type { EdgeRefusal } from "./refusals.js"

/** A row of the table. @since 0.1.0 */
export interface ProblemRow {
  readonly status: number
  readonly title: string
}

const edgeProblems = {
  Unauthenticated: { status: 401, title: "Authentication is required" },
  TokenInvalid: { status: 401, title: "The bearer token is not valid" },
  TokenExpired: { status: 401, title: "The session has expired" },
  OperatorCredentialRejected: { status: 401, title: "The operator credential is not valid" },
  NotYourMailbox: { status: 403, title: "This mailbox is not yours" },
  EmployerOnly: { status: 403, title: "Only the patrón may do this" },
  RequestInvalid: { status: 400, title: "The request does not match the schema" },
  MalformedJson: { status: 400, title: "The body is not valid JSON" },
  BodyTooLarge: { status: 413, title: "The body is too large" },
  UnsupportedMediaType: { status: 415, title: "Only JSON bodies are accepted" },
  RouteNotFound: { status: 404, title: "No such route" },
  RateLimited: { status: 429, title: "Too many attempts" },
  PreconditionFailed: { status: 412, title: "The resource changed since you read it" },
  IdempotencyKeyMissing: { status: 428, title: "An Idempotency-Key is required" },
  VerificationCodeRejected: { status: 422, title: "The verification code does not match" },
} as const satisfies Record<EdgeRefusal["_tag"], ProblemRow>

/** Every refusal the API answers with a problem: the edge's own and the core's. @since 0.1.0 */
export type ApiRefusal = EdgeRefusal | DomainError

const problems: Record<ApiRefusal["_tag"], ProblemRow> = { ...edgeProblems, ...domainProblems }

/**
 * The problem table, for the OpenAPI document and the docs page.
 * @example problemTable().RateLimited // => { status: 429, title: "Too many attempts" }
 * @since 0.1.0
 */
export const problemTable = (): Readonly<Record<string, ProblemRow>> => problems

// Fields that must never leave: bytes, and anything that looks like a secret.
const hidden = new Set(["certificate", "signature", "codeHash", "salt", "cause", "stack"])

const extensionMembers = (error: ApiRefusal): Record<string, unknown> => {
  const members: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(error)) {
    if (key === "_tag" || key === "message" || key === "name" || hidden.has(key)) continue
    if (value instanceof Uint8Array || typeof value === "function") continue
    members[key] = value
  }
  return members
}

/**
 * Writes a refusal as `application/problem+json` with its row's status; the error's own fields
 * become extension members, and `429` carries `Retry-After`.
 * @example sendProblem(res, new RateLimited({ scope: "code:EKU9003173C9", retryAfterSeconds: 60 }), "/mailboxes/EKU9003173C9/contacts/c1/verification")
 * @since 0.1.0
 */
export const sendProblem = (res: Response, error: ApiRefusal, instance: string): void => {
  const { status, title } = problems[error._tag]
  if (error._tag === "RateLimited") res.set("Retry-After", String(error.retryAfterSeconds))
  res.status(status).type("application/problem+json")
    .send(JSON.stringify({ ...extensionMembers(error), type: `/problems/${error._tag}`, title, status, detail: error.message, instance }))
}

/**
 * A defect (a bug, the store down): 500 without internals. The id lets an operator find the log line.
 * @example sendDefect(res, "/notifications", "d-3f2a")
 * @since 0.1.0
 */
export const sendDefect = (res: Response, instance: string, incidentId: string): void => {
  res.status(500).type("application/problem+json").send(JSON.stringify({
    type: "/problems/InternalError", title: "Something went wrong on our side", status: 500,
    detail: `The request could not be completed. Quote incident ${incidentId} to the operator.`, instance, incidentId,
  }))
}
