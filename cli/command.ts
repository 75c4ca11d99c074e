/**
 * Where a command writes. Commands never call console.* directly: the same command runs in the CLI
 * process (io = the terminal) or, when the dashboard server owns the warehouse file, inside the
 * server process on behalf of a forwarded CLI call (io = buffers sent back to the caller).
 */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** Directory relative paths in args are resolved against. */
  cwd: string;
}

/** A CLI command: one file in cli/commands/ exporting `command`. */
export interface Command {
  name: string;
  /** One line, shown in `parboard --help`. */
  summary: string;
  /** Full usage text, shown by `parboard <name> --help`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CommandIO): Promise<number>;
}

/** Error for bad command-line arguments: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

export const consoleIO: CommandIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  cwd: process.cwd()
};
