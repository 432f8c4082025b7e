/**
 * EventStoreDB client failures in words, for `EventStoreUnavailable.cause`: never a bare gRPC
 * status such as "14 UNAVAILABLE".
 *
 * @since 0.1.0
 */

const byType: Readonly<Record<string, string>> = {
  unavailable: "the server cannot be reached (is it running, and is the connection string's host and port right?)",
  "deadline-exceeded": "the server did not answer in time",
  timeout: "the server timed out the operation",
  "access-denied": "the server refused the credentials",
  "not-leader": "the node is not the cluster leader and the client could not reach the leader",
  "stream-deleted": "the stream was deleted on the server",
  "maximum-append-size-exceeded": "the append is larger than the server's maximum append size",
  cancelled: "the call was cancelled",
}

/**
 * Describes an EventStoreDB client failure for a person.
 * @example describeEsdbFailure(new UnavailableError()) // => "the server cannot be reached (…)"
 * @since 0.1.0
 */
export const describeEsdbFailure = (error: unknown): string => {
  const type = typeof error === "object" && error !== null && "type" in error ? String(error.type) : undefined
  const known = type === undefined ? undefined : byType[type]
  if (known !== undefined) return known
  const text = error instanceof Error ? error.message : String(error)
  // a gRPC message starts with its numeric status ("14 UNAVAILABLE: …"): keep the words only
  return `the server reported a failure: ${text.replace(/^\d+ [A-Z_]+: /, "")}`
}
