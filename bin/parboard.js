#!/usr/bin/env node
// Entry point of the `parboard` CLI. The code is TypeScript; tsx compiles it on the fly so that
// `npx parboard` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
