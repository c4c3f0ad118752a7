/**
 * npm run build: bundle the gateway's own code into dist/ (npm dependencies stay external),
 * so `warehouse-gateway` starts without compiling TypeScript on the fly (about half the
 * start time). dist/manifest.json lists every bundled source with its size and mtime; the
 * bin falls back to the sources (through tsx) when any of them changed since the build, so a
 * stale bundle never runs. `npm install` / `npm ci` build it (the prepare script).
 */
import { statSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from '../config/load.ts';

const outdir = path.join(PACKAGE_ROOT, 'dist');
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: PACKAGE_ROOT,
  entryPoints: { 'bin/cli': 'gateway/main/cli.ts' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outdir,
  chunkNames: 'bin/chunks/[name]-[hash]',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const sources = Object.keys(result.metafile.inputs)
  .sort()
  .map((file) => {
    const st = statSync(path.join(PACKAGE_ROOT, file));
    return { file, size: st.size, mtimeMs: st.mtimeMs };
  });
writeFileSync(path.join(outdir, 'manifest.json'), `${JSON.stringify({ builtAt: new Date().toISOString(), sources }, null, 1)}\n`);
console.log(`built dist/bin/cli.js from ${sources.length} sources`);
