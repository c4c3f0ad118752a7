/**
 * Generates ../llrp-defs.generated.ts from the LTK's llrp-1x0-def.xml.
 *
 *   node --import tsx drivers/llrp/gen/generate.ts [path/to/llrp-1x0-def.xml] [--check]
 *
 * --check exits 1 when the checked-in file differs from what the XML gives.
 * The generator validates what the codec relies on: bit fields fill whole bytes before a
 * byte-aligned field, TV parameters (typeNum < 128) have fixed-size fields only, and every
 * referenced parameter, choice and enumeration exists.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseXml, type XmlElement } from './xml.ts';
import type { FieldType, Repeat } from '../defs-types.ts';

const FIELD_TYPES: ReadonlySet<string> = new Set<FieldType>([
  'u1', 'u2', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32',
  'u1v', 'u8v', 'u16v', 'u32v', 'u96', 'utf8v', 'bytesToEnd',
]);
const BIT_WIDTH: Readonly<Record<string, number>> = { u1: 1, u2: 2 };
const FIXED_BYTES: Readonly<Record<string, number>> = {
  u8: 1, s8: 1, u16: 2, s16: 2, u32: 4, s32: 4, u64: 8, u96: 12,
};
const REPEATS: ReadonlySet<string> = new Set<Repeat>(['1', '0-1', '0-N', '1-N']);

const DEFAULT_XML = fileURLToPath(new URL('../../../../shared/reference/llrp/llrp-1x0-def.xml', import.meta.url));
const OUT = fileURLToPath(new URL('../llrp-defs.generated.ts', import.meta.url));

function attr(el: XmlElement, name: string): string {
  const v = el.attrs[name];
  if (v === undefined) throw new Error(`<${el.name} name="${el.attrs['name'] ?? '?'}"> lacks ${name}`);
  return v;
}

/** The binary-encoding clause (§16.x) the definition's documentation links to, if any. */
function specClause(el: XmlElement): string | undefined {
  const refs: string[] = [];
  const walk = (e: XmlElement): void => {
    const m = /Section\s+([\d.]+)/.exec(e.text);
    if (e.name === 'h:a' && m?.[1]) refs.push(m[1]);
    e.children.forEach(walk);
  };
  el.children.filter((c) => c.name === 'annotation').forEach(walk);
  return refs.find((r) => r.startsWith('16.')) ?? refs[refs.length - 1];
}

const q = (s: string): string => {
  if (!/^[\w.-]*$/.test(s)) throw new Error(`unexpected characters in name ${s}`);
  return `'${s}'`;
};

interface Body { lines: string[]; fixedBytes: number; variable: boolean; slots: number }

function emitBody(def: XmlElement, indent: string, ctx: string): Body {
  const fieldLines: string[] = [];
  const slotLines: string[] = [];
  let bits = 0;
  let fixedBytes = 0;
  let variable = false;
  for (const c of def.children) {
    if (c.name === 'annotation') continue;
    if (c.name === 'field' || c.name === 'reserved') {
      if (slotLines.length > 0) throw new Error(`${ctx}: field after a parameter`);
      if (c.name === 'reserved') {
        const n = Number(attr(c, 'bitCount'));
        if (!Number.isInteger(n) || n <= 0) throw new Error(`${ctx}: bad reserved bitCount`);
        if (bits === 0 && n % 8 === 0) fixedBytes += n / 8;
        else bits += n;
        if (bits % 8 === 0 && bits > 0) { fixedBytes += bits / 8; bits = 0; }
        fieldLines.push(`{ reserved: ${n} },`);
        continue;
      }
      const type = attr(c, 'type');
      const name = attr(c, 'name');
      if (!FIELD_TYPES.has(type)) throw new Error(`${ctx}.${name}: unknown field type ${type}`);
      const w = BIT_WIDTH[type];
      if (w !== undefined) {
        bits += w;
        if (bits % 8 === 0) { fixedBytes += bits / 8; bits = 0; }
      } else {
        if (bits !== 0) throw new Error(`${ctx}.${name}: byte field after ${bits} unaligned bits`);
        const fb = FIXED_BYTES[type];
        if (fb === undefined) variable = true;
        else fixedBytes += fb;
      }
      let line = `{ name: ${q(name)}, type: ${q(type)}`;
      if (c.attrs['enumeration']) line += `, enumeration: ${q(c.attrs['enumeration'])}`;
      if (c.attrs['format']) line += `, format: ${q(c.attrs['format'])}`;
      fieldLines.push(line + ' },');
    } else if (c.name === 'parameter' || c.name === 'choice') {
      const repeat = attr(c, 'repeat');
      if (!REPEATS.has(repeat)) throw new Error(`${ctx}: bad repeat ${repeat}`);
      slotLines.push(`{ kind: ${q(c.name)}, type: ${q(attr(c, 'type'))}, repeat: ${q(repeat)} },`);
    } else {
      throw new Error(`${ctx}: unexpected <${c.name}>`);
    }
  }
  if (bits !== 0) throw new Error(`${ctx}: fields end with ${bits} unaligned bits`);
  const lines: string[] = [];
  if (fieldLines.length === 0) lines.push(`${indent}fields: [],`);
  else lines.push(`${indent}fields: [`, ...fieldLines.map((l) => `${indent}  ${l}`), `${indent}],`);
  if (slotLines.length === 0) lines.push(`${indent}slots: [],`);
  else lines.push(`${indent}slots: [`, ...slotLines.map((l) => `${indent}  ${l}`), `${indent}],`);
  return { lines, fixedBytes, variable, slots: slotLines.length };
}

export function generate(xml: string): string {
  const root = parseXml(xml);
  if (root.name !== 'llrpdef') throw new Error(`root is <${root.name}>, expected <llrpdef>`);
  const params = root.children.filter((c) => c.name === 'parameterDefinition');
  const messages = root.children.filter((c) => c.name === 'messageDefinition');
  const enums = root.children.filter((c) => c.name === 'enumerationDefinition');
  const choices = root.children.filter((c) => c.name === 'choiceDefinition');
  const known = new Set(['annotation', 'namespaceDefinition', 'parameterDefinition', 'messageDefinition',
    'enumerationDefinition', 'choiceDefinition']);
  for (const c of root.children) if (!known.has(c.name)) throw new Error(`unexpected <${c.name}> in <llrpdef>`);

  const paramNames = new Set(params.map((p) => attr(p, 'name')));
  const choiceNames = new Set(choices.map((p) => attr(p, 'name')));
  const enumNames = new Set(enums.map((p) => attr(p, 'name')));

  // Cross-reference checks.
  for (const d of [...params, ...messages]) {
    for (const c of d.children) {
      if (c.name === 'parameter' && !paramNames.has(attr(c, 'type'))) throw new Error(`${attr(d, 'name')}: unknown parameter ${attr(c, 'type')}`);
      if (c.name === 'choice' && !choiceNames.has(attr(c, 'type'))) throw new Error(`${attr(d, 'name')}: unknown choice ${attr(c, 'type')}`);
      const e = c.attrs['enumeration'];
      if (e !== undefined && !enumNames.has(e)) throw new Error(`${attr(d, 'name')}: unknown enumeration ${e}`);
    }
  }

  const out: string[] = [];
  out.push(
    '// Generated from llrp-1x0-def.xml of the LLRP Toolkit (LTK), Copyright 2007 Impinj, Inc., Apache License 2.0',
    '// (see ./NOTICE). Type numbers, field layouts and enumerations of LLRP 1.0.1.',
    '// Do not edit: run `node --import tsx drivers/llrp/gen/generate.ts`.',
    '',
    "import type { DefsTable } from './defs-types.ts';",
    '',
    'export const LLRP_1_0_1_DEFS: DefsTable = {',
    '  enumerations: {',
  );
  for (const e of enums) {
    const entries = e.children.filter((c) => c.name === 'entry').map((c) => {
      const v = Number(attr(c, 'value'));
      if (!Number.isInteger(v) || v < 0) throw new Error(`${attr(e, 'name')}: bad value`);
      return `[${v}, ${q(attr(c, 'name'))}]`;
    });
    const spec = specClause(e);
    out.push(`    ${spec ? `// LLRP 1.0.1 §${spec}\n    ` : ''}${attr(e, 'name')}: [${entries.join(', ')}],`);
  }
  out.push('  },', '  choices: {');
  for (const c of choices) {
    const members = c.children.filter((m) => m.name === 'parameter').map((m) => {
      const t = attr(m, 'type');
      if (!paramNames.has(t)) throw new Error(`choice ${attr(c, 'name')}: unknown parameter ${t}`);
      return q(t);
    });
    out.push(`    ${attr(c, 'name')}: [${members.join(', ')}],`);
  }
  out.push('  },', '  parameters: [');
  for (const p of params) {
    const name = attr(p, 'name');
    const typeNum = Number(attr(p, 'typeNum'));
    if (!Number.isInteger(typeNum) || typeNum < 1 || typeNum > 1023) throw new Error(`${name}: bad typeNum`);
    const spec = specClause(p);
    out.push(`    {${spec ? ` // LLRP 1.0.1 §${spec}` : ''}`, `      name: ${q(name)},`, `      typeNum: ${typeNum},`);
    if (spec) out.push(`      spec: ${q(spec)},`);
    const body = emitBody(p, '      ', name);
    if (typeNum < 128 && (body.variable || body.slots > 0)) throw new Error(`${name}: TV parameter with variable content`);
    out.push(...body.lines, '    },');
  }
  out.push('  ],', '  messages: [');
  for (const m of messages) {
    const name = attr(m, 'name');
    const typeNum = Number(attr(m, 'typeNum'));
    if (!Number.isInteger(typeNum) || typeNum < 1 || typeNum > 1023) throw new Error(`${name}: bad typeNum`);
    const spec = specClause(m);
    out.push(`    {${spec ? ` // LLRP 1.0.1 §${spec}` : ''}`, `      name: ${q(name)},`, `      typeNum: ${typeNum},`);
    if (m.attrs['responseType']) out.push(`      responseType: ${q(m.attrs['responseType'])},`);
    if (spec) out.push(`      spec: ${q(spec)},`);
    out.push(...emitBody(m, '      ', name).lines, '    },');
  }
  out.push('  ],', '};', '');
  return out.join('\n');
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const xmlPath = argv.find((a) => !a.startsWith('--')) ?? DEFAULT_XML;
  const text = generate(readFileSync(xmlPath, 'utf8'));
  if (check) {
    let current = '';
    try { current = readFileSync(OUT, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) {
      process.stderr.write(`${OUT} is stale; run node --import tsx drivers/llrp/gen/generate.ts\n`);
      return 1;
    }
    process.stdout.write(`${OUT} is up to date\n`);
    return 0;
  }
  writeFileSync(OUT, text);
  process.stdout.write(`wrote ${OUT}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
