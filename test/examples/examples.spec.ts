/**
 * The runnable examples under `examples/` (the ones the package READMEs quote), each run as a child
 * process from its build (`node examples/dist/<name>.js`), with its whole output asserted: the dates
 * of DOMAIN §3's worked example, the e.firma verdicts, the mailbox journey, the SQLite restart, the
 * HTTP answers. CI builds before testing; locally a missing or stale build skips with a printed reason.
 */
import { execFile } from "node:child_process"
import { existsSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const run = promisify(execFile)

/** A child's budget: node's start, RSA-2048 key generation and the run, on a loaded shared machine. */
const CHILD_BUDGET_MS = 60_000

/** Why the example's build cannot be run, or `undefined` when it can. */
const unbuilt = (name: string): string | undefined => {
  const built = join(root, "examples/dist", `${name}.js`)
  if (!existsSync(built)) return `examples/dist/${name}.js is missing (run npm run build)`
  if (statSync(built).mtimeMs < statSync(join(root, "examples", `${name}.ts`)).mtimeMs) return `examples/dist/${name}.js is older than its source (run npm run build)`
  return undefined
}

/** Runs one built example; answers its whole output, stdout by line (a non-zero exit rejects, with its stderr). */
const runExample = async (name: string) => {
  const { stdout, stderr } = await run(process.execPath, [join(root, "examples/dist", `${name}.js`)], { cwd: root, encoding: "utf8", timeout: CHILD_BUDGET_MS })
  return { stdout: stdout.split("\n"), stderr }
}

/** `describe` that skips, with the reason printed, when the example is not built. */
const example = (name: string, body: () => void) => {
  const reason = unbuilt(name)
  if (reason !== undefined) console.warn(`test/examples: skipping ${name}: ${reason}`)
  describe.skipIf(reason !== undefined)(`examples/${name}.ts`, { timeout: CHILD_BUDGET_MS + 10_000 }, body)
}

example("timeline", () => {
  it("prints the DOMAIN §3 worked example: deemed Wed 18 Mar 09:30, in effect Thu 19, plazos to 26 Mar, 13 Apr and 6 May", async () =>
    expect(await runExample("timeline")).toEqual({
      stdout: [
        "aviso          2026-03-11 10:00",
        "open until     2026-03-17",
        "made           2026-03-18 09:30 (deemed)",
        "takes effect   2026-03-19",
        "aclaracion     2026-03-26 (5 procedural days; LSS art. 39-D; CFF art. 12; RCFF art. 7)",
        "pagoCedula     2026-04-13 (15 payment days; LSS art. 39-C; RACERF arts. 3 and 127; CFF art. 12 paras. 2 and 5)",
        "inconformidad  2026-04-13 (15 procedural days; Reglamento del Recurso de Inconformidad art. 6; CFF art. 12)",
        "nulidad        2026-05-06 (30 procedural days; LFPCA art. 13 fr. I a); CFF art. 12)",
        "versions       cff12+cpeum83-2024 / cff12+cpeum83-2024/6f10f71b",
        "",
      ],
      stderr: "",
    }))
})

example("efirma", () => {
  it("reads the generated FIEL back, signs and verifies, validates at an instant and logs in once", async () =>
    expect(await runExample("efirma")).toEqual({
      stdout: [
        'certificate {"rfc":"CACX7605101P8","curp":"CACX760510MGTSHC04","legalName":"XOCHILT CASAS CHAVEZ","kind":"FIEL","certificateNumber":"30001000000500003282"}',
        "wrong password EFIRMA_BAD_PASSWORD",
        "verifies true",
        "altered text verifies false",
        "valid now true",
        "valid in 2029 EFIRMA_EXPIRED",
        'logged in {"rfc":"CACX7605101P8","certificateNumber":"30001000000500003282","legalName":"XOCHILT CASAS CHAVEZ"}',
        "replayed EFIRMA_SIGNATURE_INVALID",
        "",
      ],
      stderr: "",
    }))
})

example("mailbox", () => {
  it("enrolls, deposits before the window, sends the aviso at 09:30, opens Thursday 11:00 and verifies the evidence", async () =>
    expect(await runExample("mailbox")).toEqual({
      stdout: [
        "mailbox EKU9003173C9: active, consent 2024-08",
        "deposited n-1d971bc185c01af5303078aafc9a032b",
        'scheduler 2026-03-11T14:00:00.000Z {"recovered":0,"attempts":0,"delivered":0,"failedAttempts":0,"deemed":0,"skipped":0}',
        'scheduler 2026-03-11T15:30:00.000Z {"recovered":0,"attempts":1,"delivered":1,"failedAttempts":0,"deemed":0,"skipped":0}',
        'avisos ["email pagos@kemper.mx","sms +525512345678"]',
        'opened ["NotificationOpened","NotificationMade","NotificationTookEffect"]',
        'inbox {"status":"in-effect","madeOn":"2026-03-12","madeBasis":"opened","effectiveOn":"2026-03-13",' +
          '"plazos":["5 procedural: 2026-03-23","15 payment: 2026-04-08","15 procedural: 2026-04-08","30 procedural: 2026-04-29"]}',
        'evidence ["aviso","acuse"] {"ok":true}',
        'without its last event {"ok":false,"fault":"bundle-sello-invalid","detail":"the bundle\'s sello does not verify"}',
        "",
      ],
      stderr: "",
    }))
})

example("sqlite", () => {
  it("deposits to estrados in one session and deems the act on the 11th day in the next, from the same file", async () =>
    expect(await runExample("sqlite")).toEqual({
      stdout: [
        'deposited n-7c34b71251f9971239d3903e66d00c20: ["ActDeposited","ActPublishedInEstrados"]',
        "estrados: published until 2026-03-26, notified 2026-03-27 09:30",
        'after reopening {"deemed":1,"status":"in-effect","madeOn":"2026-03-27","effectiveOn":"2026-03-30"}',
        'history ["1 ActDeposited","2 ActPublishedInEstrados","3 NotificationMade","4 NotificationTookEffect"]',
        'evidence {"ok":true}',
        "",
      ],
      stderr: "",
    }))
})

example("effect", () => {
  it("recovers a refusal by tag, deposits to estrados and deems it, through Buzon.layer", async () =>
    expect(await runExample("effect")).toEqual({
      stdout: [
        "{",
        '  "refused": "InvalidContentHash: The act\'s content hash \\"not-a-hash\\" is not a SHA-256 in 64 lowercase hexadecimal characters.",',
        '  "notificationId": "n-bccf4a78118c82abc07aac74abc8f05e",',
        '  "deposited": [',
        '    "ActDeposited",',
        '    "ActPublishedInEstrados"',
        "  ],",
        '  "deemed": 1,',
        '  "status": "made"',
        "}",
        "",
      ],
      stderr: "",
    }))
})

example("http", () => {
  it("answers the timeline calculator, a login, an enrollment and two refusals as problem+json", async () =>
    expect(await runExample("http")).toEqual({
      stdout: [
        'GET /timeline 200 {"openUntil":"2026-03-17","madeAt":"2026-03-18T15:30:00.000Z","effectiveOn":"2026-03-19"}',
        "POST /auth/session 201 EKU9003173C9",
        "POST /mailboxes 201 enrolling",
        'GET /mailboxes/CACX7605101P8 403 application/problem+json {"type":"/problems/NotYourMailbox","title":"This mailbox is not yours"}',
        'POST /notifications 428 application/problem+json {"type":"/problems/IdempotencyKeyMissing","title":"An Idempotency-Key is required"}',
        "",
      ],
      stderr: "",
    }))
})
