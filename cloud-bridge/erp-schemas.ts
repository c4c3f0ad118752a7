/**
 * The ERP's resources as the gateway accepts them (DESIGN §7), validated at the edge: the same
 * schemas check downloaded pages and the orders / ASNs the cloud pushes into the API.
 */
import { z } from 'zod';

const ref = (what: string) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(64, `${what} is at most 64 characters`)
    .regex(/^[^\s\u0000-\u001f]+$/, `${what} must not hold spaces or control characters`);
const when = z.iso.datetime({ offset: true });

/** GTIN-8/12/13/14, stored as GTIN-14 (left-padded with zeros), check digit verified. */
export const Gtin = z
  .string()
  .regex(/^(\d{8}|\d{12,14})$/, 'gtin must be 8, 12, 13 or 14 digits')
  .transform((g) => g.padStart(14, '0'))
  .refine((g) => gtinCheckDigitOk(g), 'gtin check digit is wrong');

export function gtinCheckDigitOk(gtin14: string): boolean {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(gtin14[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(gtin14[13]);
}

export const ErpProduct = z.object({
  sku: ref('sku'),
  name: z.string().min(1).max(200),
  gtin: Gtin.nullish(),
  barcodes: z.array(z.string().min(1).max(64)).max(50).default([]),
  active: z.boolean().default(true),
});

export const ZONE_KINDS = ['pick', 'reserve', 'shipping', 'qc', 'fast-mover', 'small-items', 'hold'] as const;

export const ErpLocation = z.object({
  id: ref('location id').regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "location id may hold letters, digits, '_', '.', '-'"),
  zone: ref('zone').regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "zone may hold letters, digits, '_', '.', '-'"),
  zone_kind: z.enum(ZONE_KINDS).optional(),
  pick_seq: z.number().int().min(0),
  name: z.string().max(200).nullish(),
  active: z.boolean().default(true),
});

const Line = z.object({
  sku: ref('sku'),
  qty: z.number().int('qty must be a whole number of units').min(1, 'qty must be at least 1').max(1_000_000),
});

export const ErpOrder = z
  .object({
    id: ref('order id'),
    status: z.enum(['open', 'cancelled']).default('open'),
    updated_at: when.optional().describe('When the ERP last changed the order; an older copy never overwrites a newer one'),
    customer: z.string().max(200).nullish(),
    carrier: z.string().max(64).nullish(),
    ship_by: when.nullish(),
    priority: z.number().int().min(-1000).max(1000).default(0),
    lines: z.array(Line).max(1000).default([]),
  })
  .refine((o) => o.status === 'cancelled' || o.lines.length > 0, { message: 'an open order needs at least one line', path: ['lines'] });

export const ErpAsn = z
  .object({
    id: ref('ASN id'),
    status: z.enum(['open', 'cancelled', 'closed']).default('open'),
    updated_at: when.optional(),
    supplier: z.string().max(200).nullish(),
    expected_at: when.nullish(),
    lines: z.array(Line).max(5000).default([]),
  })
  .refine((a) => a.status !== 'open' || a.lines.length > 0, { message: 'an open ASN needs at least one line', path: ['lines'] });

export const ErpReturn = z.object({
  id: ref('return id'),
  order_id: ref('order id').nullish(),
  status: z.enum(['expected', 'cancelled', 'closed']).default('expected'),
  updated_at: when.optional(),
  reason: z.string().max(500).nullish(),
  lines: z.array(Line).max(1000).default([]),
});

export type ErpProduct = z.output<typeof ErpProduct>;
export type ErpLocation = z.output<typeof ErpLocation>;
export type ErpOrder = z.output<typeof ErpOrder>;
export type ErpAsn = z.output<typeof ErpAsn>;
export type ErpReturn = z.output<typeof ErpReturn>;

export const ITEM_SCHEMAS = {
  locations: ErpLocation,
  products: ErpProduct,
  orders: ErpOrder,
  asns: ErpAsn,
  returns: ErpReturn,
} as const;

/** The answer to POST /api/v1/events. */
export const EventsAnswer = z.object({
  accepted: z.array(z.string()).default([]),
  duplicates: z.array(z.string()).default([]),
  rejected: z.array(z.object({ id: z.string(), code: z.string().default('REJECTED'), message: z.string().default('') })).default([]),
});
export type EventsAnswer = z.output<typeof EventsAnswer>;

export const PageAnswer = z.object({
  items: z.array(z.unknown()),
  next_cursor: z.union([z.string(), z.number().transform(String)]).nullish(),
});
