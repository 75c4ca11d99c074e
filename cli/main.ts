import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { consoleIO, UsageError, type Command, type CommandIO } from './command.ts';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

/** Commands are discovered from cli/commands/*.ts so that each command lives in its own file. */
async function loadCommands(): Promise<Map<string, Command>> {
  const map = new Map<string, Command>();
  for (const file of readdirSync(commandsDir).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = (await import(pathToFileURL(join(commandsDir, file)).href)) as { command?: Command };
    if (mod.command) map.set(mod.command.name, mod.command);
  }
  return map;
}

function overview(commands: Map<string, Command>): string {
  const lines = [...commands.values()].map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return [
    'parboard — kho dữ liệu báo cáo CCHC / CCHC report warehouse',
    '',
    'Usage: parboard <command> [options]    (parboard <command> --help for details)',
    '',
    'Commands:',
    ...lines,
    '',
    'Warehouse file: data/parboard.duckdb, or the path in PARBOARD_DB.'
  ].join('\n');
}

/** `injected`: the commands to use instead of scanning cli/commands (a bundled server has no .ts files to scan). */
export async function main(argv: string[], io: CommandIO = consoleIO, injected?: Map<string, Command>): Promise<number> {
  const commands = injected ?? (await loadCommands());
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview(commands));
    return name ? 0 : 2;
  }
  const command = commands.get(name);
  if (!command) {
    io.err(`Lệnh không tồn tại / unknown command: ${name}\n\n${overview(commands)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${command.usage}`);
      return 2;
    }
    io.err(`parboard ${name}: ${(err as Error).message}`);
    return 1;
  }
}
