#!/usr/bin/env node
// The installed command. It runs the bundle in dist/ (built by `npm install` / `npm run
// build`) when it is up to date with the sources, and the TypeScript sources through tsx's
// loader otherwise, so an edited checkout never runs a stale bundle.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function bundleIsFresh() {
  try {
    const manifest = JSON.parse(readFileSync(`${root}dist/manifest.json`, 'utf8'));
    return manifest.sources.every((s) => {
      const st = statSync(root + s.file);
      return st.size === s.size && st.mtimeMs === s.mtimeMs;
    });
  } catch {
    return false;
  }
}

let main;
if (bundleIsFresh()) {
  ({ main } = await import('../dist/bin/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../gateway/main/cli.ts'));
}
const code = await main(process.argv.slice(2));
process.exitCode = code;
// A stopped gateway has closed everything it opened; a stray timer must not keep it alive.
setTimeout(() => process.exit(code), 2000).unref();
