/**
 * The `buzon` program: its commands, wired to an `CliIo`.
 *
 * @since 0.1.0
 */
import { Command } from "commander"
import { registerCalendar } from "./commands/calendar.js"
import { registerObligations } from "./commands/obligations.js"
import { registerTimeline } from "./commands/timeline.js"
import { registerEfirma } from "./commands/efirma.js"
import type { CliIo } from "./io.js"

/**
 * Builds the program; commander's own output goes to `io`, and it throws instead of exiting.
 * @since 0.1.0
 */
export const buildProgram = (io: CliIo): Command => {
  const program = new Command("buzon")
    .description("Buzón IMSS: notification timelines, the legal calendar and obligations")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text.trimEnd()), writeErr: (text) => io.stderr(text.trimEnd().replace(/^error: /, "buzon: ")) })
  registerTimeline(program, io)
  registerCalendar(program, io)
  registerObligations(program, io)
  // --- other commands: register them here, e.g. registerEfirma(program) or registerEfirma(program, io) ---
  registerEfirma(program, io)
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput())
  for (const command of program.commands.flatMap((c) => c.commands)) command.exitOverride().configureOutput(program.configureOutput())
  return program
}
