/**
 * A small Prometheus registry: counters with labels, and gauges read at scrape time.
 * Text exposition format 0.0.4.
 */
type Labels = Record<string, string | number>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels | undefined): string => {
  if (!labels) return '';
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

export class Counter {
  private readonly values = new Map<string, { labels: Labels | undefined; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels?: Labels, by = 1): void {
    const key = labelText(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  get(labels?: Labels): number {
    return this.values.get(labelText(labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${value}`);
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    return lines.join('\n');
  }
}

/** A value read at scrape time: a gauge, or a counter kept elsewhere (type 'counter'). */
export class Gauge {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly collect: () => number | { labels: Labels; value: number }[],
    readonly type: 'gauge' | 'counter' = 'gauge',
  ) {}

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    const v = this.collect();
    if (typeof v === 'number') lines.push(`${this.name} ${v}`);
    else for (const s of v) lines.push(`${this.name}${labelText(s.labels)} ${s.value}`);
    return lines.join('\n');
  }
}

export class Metrics {
  private readonly items = new Map<string, Counter | Gauge>();

  counter(name: string, help: string): Counter {
    const existing = this.items.get(name);
    if (existing instanceof Counter) return existing;
    const c = new Counter(name, help);
    this.items.set(name, c);
    return c;
  }

  gauge(name: string, help: string, collect: () => number | { labels: Labels; value: number }[], type: 'gauge' | 'counter' = 'gauge'): Gauge {
    const g = new Gauge(name, help, collect, type);
    this.items.set(name, g);
    return g;
  }

  render(): string {
    return `${[...this.items.values()].map((i) => i.render()).join('\n')}\n`;
  }
}
