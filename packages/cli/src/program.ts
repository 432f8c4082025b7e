/**
 * The `buzon` program: its commands, wired to an `CliIo`.
 *
 * @since 0.1.0
 */
import { Command } from "commander"
import { registerAudit } from "./commands/audit.js"
import { registerCalendar } from "./commands/calendar.js"
import { registerEfirma } from "./commands/efirma.js"
import { registerObligations } from "./commands/obligations.js"
import { registerTimeline } from "./commands/timeline.js"
import { BadInput } from "./input.js"
import type { CliIo } from "./io.js"

/**
 * A command that only groups others (`buzon`, `buzon calendar`, `buzon efirma`), run without a known
 * subcommand, is bad usage: one line naming the choices, exit 2 (issue #2, CLI), not commander's
 * whole help on stderr. `help` stays a subcommand.
 */
const requireSubcommand = (group: Command): void => {
  group.helpCommand(true).allowExcessArguments().allowUnknownOption().action((_flags: unknown, self: Command) => {
    const choices = group.commands.map((c) => c.name()).filter((name) => name !== "help").join(", ")
    const path = group.parent === null ? "buzon" : `buzon ${group.name()}`
    const first = self.args[0] // what stood where a subcommand belongs: nothing, a flag or a word
    const said = group.parent === null ? "" : `${group.name()}: `
    throw new BadInput({
      reason: first === undefined
        ? `${said}a command is required: ${choices} (see ${path} --help)`
        : first.startsWith("-")
          ? `${said}unknown option '${first}' (see ${path} --help)`
          : `${said}unknown command "${first}": use ${choices} (see ${path} --help)`,
    })
  })
}

/**
 * Builds the program; commander's own output goes to `io`, and it throws instead of exiting.
 * @example buildProgram(io).commands.map((c) => c.name()) // => ["timeline", "calendar", "obligations", "efirma", "audit"]
 * @since 0.1.0
 */
export const buildProgram = (io: CliIo): Command => {
  const program = new Command("buzon")
    .description("Buzón IMSS: notification timelines, the legal calendar, obligations, e.firma and store audits")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text.trimEnd()), writeErr: (text) => io.stderr(text.trimEnd().replace(/^error: /, "buzon: ")) })
  registerTimeline(program, io)
  registerCalendar(program, io)
  registerObligations(program, io)
  registerEfirma(program, io)
  registerAudit(program, io)
  for (const group of [program, ...program.commands.filter((c) => c.commands.length > 0)]) requireSubcommand(group)
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput())
  for (const command of program.commands.flatMap((c) => c.commands)) command.exitOverride().configureOutput(program.configureOutput())
  return program
}
