/**
 * Where the CLI writes and reads, so that the program runs in-process in tests.
 *
 * @since 0.1.0
 */
import { readTextFile } from "./input.js"

/** The CLI's outputs (one call per line or block, without the trailing newline) and file reader. @since 0.1.0 */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly readFile: (path: string) => string
}

/** The process's stdout, stderr and file system. @since 0.1.0 */
export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(`${text}\n`),
  stderr: (text) => void process.stderr.write(`${text}\n`),
  readFile: readTextFile,
}
