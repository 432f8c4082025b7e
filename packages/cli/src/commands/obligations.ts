/**
 * `buzon obligations --year YYYY [--closures FILE] [--json]`: the year's contribution due dates
 * (DOMAIN §6) with their legal basis.
 *
 * @since 0.1.0
 */
import { makeCalendar, obligations } from "@buzon/core"
import type { Command } from "commander"
import { DateTime } from "luxon"
import { closuresFile, integerArg } from "../input.js"
import type { CliIo } from "../io.js"
import { renderTable } from "../table.js"
import { calendarNote, CLOSURES_HELP } from "../calendarNote.js"

interface ObligationsFlags {
  readonly year: string
  readonly closures?: string
  readonly json?: boolean
}

const names = { cop: "COP (monthly)", "rcv-infonavit": "RCV + INFONAVIT (bimonthly)" } as const

/** Adds the `obligations` command. @since 0.1.0 */
export const registerObligations = (program: Command, io: CliIo): void => {
  program
    .command("obligations")
    .description("the due dates of the employer's contributions in a year (LSS art. 39; LINFONAVIT art. 35)")
    .requiredOption("--year <yyyy>", "the year (1990–2100)")
    .option("--closures <file>", CLOSURES_HELP)
    .option("--json", "print one JSON object")
    .action((flags: ObligationsFlags) => {
      const year = integerArg(flags.year, "--year", 1990, 2100)
      const calendar = makeCalendar({ closures: closuresFile(flags.closures, io.readFile) })
      const dues = obligations(calendar, year)
      if (flags.json === true) return io.stdout(JSON.stringify({ year, obligations: dues }))
      const rows = [["due", "obligation", "period", "nominal", "basis"]]
      for (const due of dues)
        rows.push([DateTime.fromISO(due.dueOn).toFormat("yyyy-MM-dd (ccc)"), names[due.obligation], due.period, due.nominalOn, due.basis])
      io.stdout(`${renderTable(rows)}\nA due date on a Friday or a non-business day moves to the next business day (RACERF art. 3); vacations do not move it.\n${calendarNote(calendar)}`)
    })
}
