/** A CLI command: one file in cli/commands/ exporting `command`. */
export interface Command {
  name: string;
  /** One line, shown in `parboard --help`. */
  summary: string;
  /** Full usage text, shown by `parboard <name> --help`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

/** Error for bad command-line arguments: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
