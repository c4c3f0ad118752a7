/** Events per second over a sliding window of whole seconds (for /metrics and /health). */
export class RateWindow {
  private readonly buckets: Float64Array;
  private readonly stamps: Float64Array;

  constructor(
    private readonly seconds: number,
    private readonly now: () => number,
  ) {
    this.buckets = new Float64Array(seconds);
    this.stamps = new Float64Array(seconds).fill(-1);
  }

  add(n: number): void {
    const sec = Math.floor(this.now() / 1000);
    const i = sec % this.seconds;
    if (this.stamps[i] !== sec) {
      this.stamps[i] = sec;
      this.buckets[i] = 0;
    }
    this.buckets[i] = (this.buckets[i] ?? 0) + n;
  }

  perSecond(): number {
    const sec = Math.floor(this.now() / 1000);
    let sum = 0;
    for (let i = 0; i < this.seconds; i++) {
      const s = this.stamps[i] ?? -1;
      if (s > sec - this.seconds && s <= sec) sum += this.buckets[i] ?? 0;
    }
    return sum / this.seconds;
  }
}
