#!/usr/bin/env node
/**
 * The `buzon` executable (`bin/buzon.js` imports this file once built). Commands are registered in
 * `program.ts` (the place for `registerEfirma(program, io)` is marked there).
 *
 * @since 0.1.0
 */
import { run } from "./run.js"

process.exitCode = await run(process.argv.slice(2))
