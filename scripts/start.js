#!/usr/bin/env node
// `npm start`: builds the dashboard if needed and serves it. (Filled in by the dashboard work.)
import { execSync } from 'node:child_process';
execSync('node bin/parboard.js status --json', { stdio: 'inherit' });
