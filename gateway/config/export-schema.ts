/**
 * Writes firmware-configs/site-config.schema.json from the zod schema (npm run schema).
 * Editors use it for completion and checks: `# yaml-language-server: $schema=...`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SiteConfigSchema } from './schema.ts';
import { PACKAGE_ROOT } from './load.ts';

export const SCHEMA_FILE = path.join(PACKAGE_ROOT, 'firmware-configs', 'site-config.schema.json');

export function siteConfigJsonSchema(): string {
  const schema = z.toJSONSchema(SiteConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...schema, title: 'warehouse-gateway site configuration' }, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SCHEMA_FILE, siteConfigJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
