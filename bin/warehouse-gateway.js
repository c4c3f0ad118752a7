#!/usr/bin/env node
// The installed command. The gateway is TypeScript run through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../gateway/main/cli.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// A started gateway has closed everything it opened; anything left (a stray timer) must not
// keep a stopped gateway alive.
setTimeout(() => process.exit(code), 2000).unref();
