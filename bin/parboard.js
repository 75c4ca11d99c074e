#!/usr/bin/env node
// Entry point of the `parboard` CLI. The code is TypeScript; tsx compiles it on the fly so that
// `npx parboard` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
// cli/forward.ts sends the command to the dashboard server when it owns the warehouse file.
const { cliEntry } = await import('../cli/forward.ts');
process.exitCode = await cliEntry(process.argv.slice(2));
