/**
 * A small Prometheus text-format registry: counters and fixed-bucket histograms with labels.
 * Kept dependency-free so the HTTP app runs unchanged outside Node.
 */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Labels = Record<string, string>;
const key = (l: Labels) => Object.entries(l).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`).join(",");

export class Metrics {
  private readonly counters = new Map<string, Map<string, number>>();
  private readonly histograms = new Map<string, Map<string, { buckets: number[]; sum: number; count: number }>>();
  private readonly help = new Map<string, string>();

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    this.help.set(name, help);
    const m = this.counters.get(name) ?? new Map<string, number>();
    this.counters.set(name, m);
    const k = key(labels);
    m.set(k, (m.get(k) ?? 0) + by);
  }

  observe(name: string, help: string, labels: Labels, seconds: number): void {
    this.help.set(name, help);
    const m = this.histograms.get(name) ?? new Map();
    this.histograms.set(name, m);
    const k = key(labels);
    const h = m.get(k) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    m.set(k, h);
    BUCKETS.forEach((b, i) => { if (seconds <= b) h.buckets[i]++; });
    h.sum += seconds;
    h.count++;
  }

  /** The registry's series, then `values` read at render time (gauges unless typed otherwise). */
  render(values: { name: string; help: string; value: number; type?: "gauge" | "counter" }[]): string {
    const out: string[] = [];
    for (const [name, m] of this.counters) {
      out.push(`# HELP ${name} ${this.help.get(name)}`, `# TYPE ${name} counter`);
      for (const [k, v] of m) out.push(`${name}${k ? `{${k}}` : ""} ${v}`);
    }
    for (const [name, m] of this.histograms) {
      out.push(`# HELP ${name} ${this.help.get(name)}`, `# TYPE ${name} histogram`);
      for (const [k, h] of m) {
        const sep = k ? "," : "";
        BUCKETS.forEach((b, i) => out.push(`${name}_bucket{${k}${sep}le="${b}"} ${h.buckets[i]}`));
        out.push(`${name}_bucket{${k}${sep}le="+Inf"} ${h.count}`, `${name}_sum${k ? `{${k}}` : ""} ${h.sum}`, `${name}_count${k ? `{${k}}` : ""} ${h.count}`);
      }
    }
    for (const g of values) out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} ${g.type ?? "gauge"}`, `${g.name} ${g.value}`);
    return out.join("\n") + "\n";
  }
}
