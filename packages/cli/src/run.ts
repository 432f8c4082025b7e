/**
 * Runs the `buzon` program in-process and answers its exit code: 0 done, 2 bad input (one line on
 * stderr), 1 a negative answer (an e.firma not valid, a signature that does not verify) or an
 * unexpected failure.
 *
 * @since 0.1.0
 */
import { CommanderError } from "commander"
import { BadInput } from "./input.js"
import { type CliIo, processIo } from "./io.js"
import { buildProgram } from "./program.js"

const USAGE = 2

const messageOf = (error: unknown): string | undefined => {
  if (error instanceof BadInput) return error.message
  const tagged = error as { _tag?: unknown; message?: unknown }
  if (typeof tagged._tag === "string" && typeof tagged.message === "string") return tagged.message // core's tagged errors
  return undefined
}

/**
 * Runs `buzon` with the arguments after the program name.
 * @example await run(["calendar", "add", "--from", "2026-03-13", "--days", "1", "--json"], io) // => 0, io.stdout got {"date":"2026-03-17"}
 * @since 0.1.0
 */
export const run = async (argv: ReadonlyArray<string>, io: CliIo = processIo): Promise<number> => {
  try {
    await buildProgram(io).parseAsync([...argv], { from: "user" })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0
      if (error.code === "commander.help" && error.exitCode === 0) return 0 // `buzon help`, `buzon calendar help`
      if (error.code.startsWith("buzon.")) return error.exitCode // a command's own answer, e.g. 1: the e.firma is not valid
      return USAGE // commander already printed its one line (unknown flag, missing option or argument)
    }
    const message = messageOf(error)
    if (message !== undefined) {
      io.stderr(`buzon: ${message}`)
      return USAGE
    }
    io.stderr(`buzon: unexpected failure: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}
