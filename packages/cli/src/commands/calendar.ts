/**
 * `buzon calendar add --from YYYY-MM-DD --days N [--purpose procedural|payment] [--closures FILE] [--json]`:
 * the N-th business day after a day (CFF art. 12).
 *
 * @since 0.1.0
 */
import { addBusinessDays, makeCalendar, type Purpose } from "@buzon/core"
import type { Command } from "commander"
import { choiceArg, closuresFile, dayArg, integerArg } from "../input.js"
import type { CliIo } from "../io.js"
import { calendarNote, CLOSURES_HELP } from "../calendarNote.js"

interface AddFlags {
  readonly from: string
  readonly days: string
  readonly purpose: string
  readonly closures?: string
  readonly json?: boolean
}

const purposes: ReadonlyArray<Purpose> = ["procedural", "payment"]

/** Adds the `calendar` command and its `add` subcommand. @since 0.1.0 */
export const registerCalendar = (program: Command, io: CliIo): void => {
  const calendar = program.command("calendar").description("business-day arithmetic on the legal calendar (CFF art. 12)")
  calendar
    .command("add")
    .description("the N-th business day after --from")
    .requiredOption("--from <date>", "the day to count from (YYYY-MM-DD); counting starts the day after")
    .requiredOption("--days <n>", "how many business days (0–10000)")
    .option("--purpose <purpose>", "procedural (vacations are not business days) or payment (they are)", "procedural")
    .option("--closures <file>", CLOSURES_HELP)
    .option("--json", "print { \"date\": \"YYYY-MM-DD\" }")
    .action((flags: AddFlags) => {
      const from = dayArg(flags.from, "--from")
      const days = integerArg(flags.days, "--days", 0, 10_000)
      const purpose = choiceArg(flags.purpose, "--purpose", purposes)
      const cal = makeCalendar({ closures: closuresFile(flags.closures, io.readFile) })
      const date = addBusinessDays(cal, from, days, purpose)
      io.stdout(flags.json === true
        ? JSON.stringify({ date })
        : `${date}: business day ${days} (${purpose}) after ${from}, counting from the day after (CFF art. 12; RCFF art. 7)\n${calendarNote(cal)}`)
    })
}
