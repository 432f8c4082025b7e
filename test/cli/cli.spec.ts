import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { decodeClosures, makeCalendar, obligations } from "@buzon/core"
import { Result } from "effect"
import { run, type CliIo } from "../../packages/cli/src/index.js"

const dir = mkdtempSync(join(tmpdir(), "buzon-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const closures2026 = file("closures.json", JSON.stringify({ closures: [
  { from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "test: Jueves y Viernes Santo", publishedOn: "2026-01-05" },
  { from: "2026-07-13", to: "2026-07-24", kind: "vacation", source: "test: primer periodo vacacional", publishedOn: "2026-01-05" },
] }))

const decodedClosures2026 = Result.getOrThrow(decodeClosures(JSON.parse(readFileSync(closures2026, "utf8"))))

const runCli = async (...argv: Array<string>) => {
  const out: Array<string> = [], err: Array<string> = []
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), readFile: (p) => readFileSync(p, "utf8") }
  const code = await run(argv, io)
  return { code, stdout: out.join("\n"), stderr: err.join("\n") }
}

describe("buzon timeline", () => {
  it("--json prints the DOMAIN §3 worked example", async () => {
    const result = await runCli("timeline", "--deposited", "2026-03-11T10:00:00-06:00", "--closures", closures2026, "--json")
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    const json = JSON.parse(result.stdout)
    expect(json).toEqual({
      deposited: "2026-03-11T10:00:00.000-06:00", avisoAt: "2026-03-11T10:00:00.000-06:00", openUntil: "2026-03-17",
      deemedAt: "2026-03-18T09:30:00.000-06:00", basis: "deemed", madeAt: "2026-03-18T09:30:00.000-06:00", effectiveOn: "2026-03-19",
      plazos: { aclaracion: "2026-03-26", pagoCedula: "2026-04-13", inconformidad: "2026-04-13", nulidad: "2026-05-06" },
      plazosBasis: {
        aclaracion: "LSS art. 39-D; CFF art. 12; RCFF art. 7", pagoCedula: "LSS art. 39-C; RACERF arts. 3 and 127; CFF art. 12 paras. 2 and 5",
        inconformidad: "Reglamento del Recurso de Inconformidad art. 6; CFF art. 12", nulidad: "LFPCA art. 13 fr. I a); CFF art. 12",
      },
      zone: "America/Mexico_City", ruleSetVersion: "cff12+cpeum83-2024", calendarVersion: makeCalendar({ closures: decodedClosures2026 }).version,
    })
  })

  it("an opening at 08:00 of day 3 counts Wednesday 09:30; wall times without offset are read in the zone", async () => {
    const result = await runCli("timeline", "--deposited", "2026-03-11T10:00", "--opened", "2026-03-17T08:00", "--closures", closures2026, "--json")
    const json = JSON.parse(result.stdout)
    expect([json.opened, json.basis, json.madeAt, json.effectiveOn]).toEqual(["2026-03-17T08:00:00.000-06:00", "opened", "2026-03-18T09:30:00.000-06:00", "2026-03-19"])
  })

  it("prints a table for people with the legal basis of each row", async () => {
    const result = await runCli("timeline", "--deposited", "2026-03-11T10:00:00-06:00", "--closures", closures2026)
    const lines = result.stdout.split("\n")
    expect(lines[0]).toMatch(/^step\s+date\s+legal basis$/)
    expect(lines.find((l) => l.startsWith("made (deemed)"))).toBe(
      "made (deemed)   2026-03-18 09:30 (Wed)  not opened by day 3: deemed at 09:30 of the 4th business day (CFF art. 134 fr. I; RMF regla 2.9.2)")
    expect(lines.find((l) => l.startsWith("nulidad"))).toBe("nulidad         2026-05-06 (Wed)        30 procedural business days; LFPCA art. 13 fr. I a); CFF art. 12")
    expect(lines.slice(-2)).toEqual([
      "zone America/Mexico_City; rule set cff12+cpeum83-2024; plazos end at 23:59:59.999 local",
      `calendar ${makeCalendar({ closures: decodedClosures2026 }).version} with 2 published closures from --closures`,
    ])
  })

  it("ships no published closures: without --closures, Holy Thursday and Friday 2026 count, and the table says so", async () => {
    const json = JSON.parse((await runCli("timeline", "--deposited", "2026-03-11T10:00:00-06:00", "--json")).stdout)
    expect([json.plazos, json.calendarVersion]).toEqual([
      { aclaracion: "2026-03-26", pagoCedula: "2026-04-09", inconformidad: "2026-04-09", nulidad: "2026-04-30" }, makeCalendar().version,
    ])
    const lines = (await runCli("timeline", "--deposited", "2026-03-11T10:00:00-06:00")).stdout.split("\n")
    expect(lines.at(-1)).toBe(`calendar ${makeCalendar().version} with no published closures (weekends and CFF art. 12 days only; add them with --closures FILE)`)
  })
})

describe("buzon timeline --domicile", () => {
  it("evaluates the window in Ciudad Juárez: 18:30 in Mexico City is 17:30 there, inside the window", async () => {
    const result = await runCli("timeline", "--deposited", "2026-01-14T18:30:00-06:00", "--domicile", "America/Ciudad_Juarez", "--json")
    const json = JSON.parse(result.stdout)
    expect([result.code, json.zone, json.avisoAt, json.openUntil, json.deemedAt]).toEqual([
      0, "America/Ciudad_Juarez", "2026-01-14T17:30:00.000-07:00", "2026-01-19", "2026-01-20T09:30:00.000-07:00",
    ])
  })
  it("refuses an unknown domicile zone", async () =>
    expect(await runCli("timeline", "--deposited", "2026-01-14T18:30", "--domicile", "America/Atlantis")).toEqual({
      code: 2, stdout: "", stderr: 'buzon: --domicile: unknown time zone "America/Atlantis" (use an IANA name such as America/Mexico_City)',
    }))
})

describe("buzon calendar add and obligations", () => {
  it("obligations prints a table for people with the basis", async () => {
    const lines = (await runCli("obligations", "--year", "2026")).stdout.split("\n")
    expect(lines[0]).toMatch(/^due\s+obligation\s+period\s+nominal\s+basis$/)
    expect(lines[1]).toBe("2026-01-19 (Mon)  COP (monthly)                2025-12  2026-01-17  LSS art. 39; RACERF art. 3; CFF art. 12")
  })

  it("calendar add without --json: a sentence, and which closures the calendar knew", async () => {
    expect(await runCli("calendar", "add", "--from", "2026-04-01", "--days", "1")).toEqual({ code: 0, stderr: "", stdout: [
      "2026-04-02: business day 1 (procedural) after 2026-04-01, counting from the day after (CFF art. 12; RCFF art. 7)",
      `calendar ${makeCalendar().version} with no published closures (weekends and CFF art. 12 days only; add them with --closures FILE)`,
    ].join("\n") })
    expect(await runCli("calendar", "add", "--from", "2026-04-01", "--days", "1", "--closures", closures2026)).toEqual({ code: 0, stderr: "", stdout: [
      "2026-04-06: business day 1 (procedural) after 2026-04-01, counting from the day after (CFF art. 12; RCFF art. 7)",
      `calendar ${makeCalendar({ closures: decodedClosures2026 }).version} with 2 published closures from --closures`,
    ].join("\n") })
  })

  it("the N-th business day, procedural and payment", async () => {
    expect(await runCli("calendar", "add", "--from", "2026-07-10", "--days", "1", "--closures", closures2026, "--json")).toEqual({ code: 0, stdout: '{"date":"2026-07-27"}', stderr: "" })
    expect(await runCli("calendar", "add", "--from", "2026-07-10", "--days", "1", "--purpose", "payment", "--closures", closures2026, "--json")).toEqual({ code: 0, stdout: '{"date":"2026-07-13"}', stderr: "" })
  })
  it("obligations --json lists the year's due dates with their basis", async () => {
    const result = await runCli("obligations", "--year", "2026", "--json")
    const json = JSON.parse(result.stdout)
    expect([result.code, result.stderr, json]).toEqual([0, "", { year: 2026, obligations: obligations(makeCalendar(), 2026) }])
    expect(json.obligations[5]).toEqual({
      obligation: "cop", period: "2026-03", nominalOn: "2026-04-17", dueOn: "2026-04-20", basis: "LSS art. 39; RACERF art. 3; CFF art. 12",
      ruleSetVersion: "cff12+cpeum83-2024", calendarVersion: makeCalendar().version,
    })
  })
})

describe("help is asked for, not bad input", () => {
  it.each([[["--help"], "Usage: buzon [options] [command]"], [["help"], "Usage: buzon [options] [command]"],
    [["calendar", "help"], "Usage: buzon calendar [options] [command]"], [["help", "efirma"], "Usage: buzon efirma [options] [command]"]])(
    "%j prints the usage on stdout, exit 0", async (argv, usage) => {
      const result = await runCli(...argv)
      expect([result.code, result.stdout.split("\n")[0], result.stderr]).toEqual([0, usage, ""])
    })
})

describe("bad input: one line on stderr, exit 2", () => {
  it.each([
    [["timeline", "--deposited", "2026-03-11T10:00", "--bogus"], "buzon: unknown option '--bogus'"],
    [["timeline"], "buzon: required option '--deposited <iso>' not specified"],
    [["timeline", "--deposited", "2026-03-11"], 'buzon: --deposited: "2026-03-11" is not an ISO-8601 date-time such as 2026-03-11T10:00:00-06:00'],
    [["timeline", "--deposited", "2026-02-30T10:00"], 'buzon: --deposited: "2026-02-30T10:00" is not an ISO-8601 date-time such as 2026-03-11T10:00:00-06:00'],
    [["timeline", "--deposited", "2026-03-11T10:00", "--opened", "2026-03-11T09:00"], 'buzon: --opened: "2026-03-11T09:00" is before --deposited "2026-03-11T10:00": an act cannot be opened before it is deposited'],
    [["timeline", "--deposited", "2026-03-11T10:00", "--zone", "Mars/Olympus"], 'buzon: --zone: unknown time zone "Mars/Olympus" (use an IANA name such as America/Mexico_City)'],
    [["timeline", "--deposited", "2026-03-11T10:00", "--closures", join(dir, "missing.json")], `buzon: --closures: cannot read "${join(dir, "missing.json")}" (ENOENT)`],
    [["timeline", "--deposited", "2026-03-11T10:00", "--closures", file("bad.json", "{nope")], `buzon: --closures: "${join(dir, "bad.json")}" is not valid JSON`],
    [["calendar", "add", "--from", "2026-03-13", "--days", "1", "--closures", file("kind.json", '{"closures":[{"from":"2026-04-02","to":"2026-04-03","kind":"fiesta","source":"x","publishedOn":"2026-01-01"}]}')],
      `buzon: --closures: "${join(dir, "kind.json")}": closures[0].kind must be "vacation" or "closure", got "fiesta"`],
    [["calendar", "add", "--from", "13/03/2026", "--days", "1"], 'buzon: --from: "13/03/2026" is not a date in the form YYYY-MM-DD'],
    [["calendar", "add", "--from", "2026-03-13", "--days", "x"], 'buzon: --days: "x" must be a whole number from 0 to 10000'],
    [["calendar", "add", "--from", "2026-03-13", "--days", "1", "--purpose", "fiscal"], 'buzon: --purpose: "fiscal" must be one of procedural, payment'],
    [["obligations", "--year", "1700"], 'buzon: --year: "1700" must be a whole number from 1990 to 2100'],
    [[], "buzon: a command is required: timeline, calendar, obligations, efirma, audit (see buzon --help)"],
    [["calendar"], "buzon: calendar: a command is required: add (see buzon calendar --help)"],
    [["efirma"], "buzon: efirma: a command is required: inspect, validate, sign, verify, generate (see buzon efirma --help)"],
    [["calender", "add"], 'buzon: unknown command "calender": use timeline, calendar, obligations, efirma, audit (see buzon --help)'],
    [["calendar", "sub", "--from", "2026-03-13"], 'buzon: calendar: unknown command "sub": use add (see buzon calendar --help)'],
    [["efirma", "check", "x.cer"], 'buzon: efirma: unknown command "check": use inspect, validate, sign, verify, generate (see buzon efirma --help)'],
    [["--bogus"], "buzon: unknown option '--bogus' (see buzon --help)"],
    [["calendar", "--bogus"], "buzon: calendar: unknown option '--bogus' (see buzon calendar --help)"],
    [["--bogus", "timeline", "--deposited", "2026-03-11T10:00"], "buzon: unknown option '--bogus' (see buzon --help)"],
  ])("%j", async (argv, line) => expect(await runCli(...argv)).toEqual({ code: 2, stdout: "", stderr: line }))
})

const root = fileURLToPath(new URL("../..", import.meta.url))
const built = existsSync(join(root, "packages/cli/dist/bin.js"))
if (!built) console.warn("test/cli: skipping the built-bin test: packages/cli/dist/bin.js is missing (run npm run build)")

describe.skipIf(!built)("the built bin, through a child process", () => {
  it("prints the JSON calendar answer and exits 0", () =>
    expect(execFileSync(process.execPath, [join(root, "packages/cli/bin/buzon.js"), "calendar", "add", "--from", "2026-03-13", "--days", "1", "--json"], { encoding: "utf8" }))
      .toBe('{"date":"2026-03-17"}\n'))
  it("exits 2 with one line on stderr for a malformed date", () => {
    const child = spawnSync(process.execPath, [join(root, "packages/cli/bin/buzon.js"), "calendar", "add", "--from", "2026-13-01", "--days", "1"], { encoding: "utf8" })
    expect({ status: child.status, stdout: child.stdout, stderr: child.stderr }).toEqual({
      status: 2, stdout: "", stderr: 'buzon: --from: "2026-13-01" is not a date in the form YYYY-MM-DD\n',
    })
  })
})
