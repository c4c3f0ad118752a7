/** A small site config for process tests, written to a temp folder. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const TOKENS = { admin: 'it-admin-token-1', cloud: 'it-cloud-token-1', pda: 'it-pda-token-1', station: 'it-station-token-1' } as const;

/** The top of a test site: site, dataDir, the API on a free port with a client per role (TOKENS), the bus. */
export function siteHead(siteId: string, dataDir: string, bus = '{ broker: embedded, listen: 127.0.0.1:0 }'): string {
  return `site: { id: ${siteId}, gatewayId: gw1 }
dataDir: ${dataDir}
api:
  listen: 127.0.0.1:0
  clients:
${Object.entries(TOKENS)
  .map(([role, token]) => `    - { name: ${role}-1, role: ${role}, token: ${token} }`)
  .join('\n')}
bus: ${bus}
`;
}

export function writeSite(dir: string, options: { bus?: string; extra?: string } = {}): string {
  const file = path.join(dir, 'site.yaml');
  writeFileSync(
    file,
    `${siteHead('it-wh', path.join(dir, 'data'), options.bus)}zones:
  - { id: P, kind: pick }
  - { id: H, kind: hold }
bins:
  - { id: B1, zone: P, pickSeq: 1 }
  - { id: B2, zone: P, pickSeq: 2 }
  - { id: H1, zone: H, pickSeq: 9 }
seed:
  products:
    - { sku: SKU-1, name: one, gtin: "00614141000012" }
    - { sku: SKU-2, name: two }
  stock:
    - { sku: SKU-1, bin: B1, qty: 100 }
${options.extra ?? ''}`,
  );
  return file;
}

export const authHeader = (role: keyof typeof TOKENS) => ({ Authorization: `Bearer ${TOKENS[role]}` });

export async function adjust(api: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${api}/api/v1/adjustments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authHeader('admin') },
    body: JSON.stringify({ sku: 'SKU-1', bin: 'B1', qty: 1, reason: 'found', ...body }),
  });
}
