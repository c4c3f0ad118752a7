/**
 * What is on the simulated scale: gross weight, tare, motion, over/underload. Time enters only
 * through `place(grams, settleMs)` (motion until then) so scripts read like a packing bench.
 */

export type ScaleDisplay =
  | { kind: 'overload' }
  | { kind: 'underload' }
  | { kind: 'weight'; /** net grams shown */ grams: number; motion: boolean; tareGrams: number };

export type CommandOutcome = 'ok' | 'busy' | 'out-of-range' | 'overload' | 'underload';

const WOBBLE = [-37, 23, -11, 6, -3, 14];

export class ScaleModel {
  gross = 0;
  tare = 0;
  motion = false;
  fault: 'none' | 'overload' | 'underload' = 'none';
  private wobble = 0;
  private settleTimer: NodeJS.Timeout | undefined;

  constructor(readonly capacityGrams = 30_000) {}

  /** The weight shown now (in motion it wobbles around the target). */
  display(): ScaleDisplay {
    if (this.fault === 'overload' || this.gross > this.capacityGrams) return { kind: 'overload' };
    if (this.fault === 'underload') return { kind: 'underload' };
    let grams = this.gross - this.tare;
    if (this.motion) grams += WOBBLE[this.wobble++ % WOBBLE.length] as number;
    return { kind: 'weight', grams, motion: this.motion, tareGrams: this.tare };
  }

  /** Something is put on (or taken off): in motion for `settleMs`, then stable at `grams`. */
  place(grams: number, settleMs = 400): void {
    this.gross = grams;
    this.startMotion();
    this.settleTimer = setTimeout(() => this.settle(), settleMs);
  }

  /** Stable at `grams` at once. */
  set(grams: number): void {
    this.gross = grams;
    this.settle();
  }

  /** In motion until `settle()`. */
  startMotion(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.motion = true;
  }

  settle(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.motion = false;
  }

  tareNow(): CommandOutcome {
    if (this.fault !== 'none') return this.fault;
    if (this.motion) return 'busy';
    this.tare = this.gross;
    return 'ok';
  }

  zeroNow(): CommandOutcome {
    if (this.fault !== 'none') return this.fault;
    if (this.motion) return 'busy';
    // Zero-setting range: +-2 % of capacity (typical legal-for-trade limit).
    if (Math.abs(this.gross) > this.capacityGrams * 0.02) return 'out-of-range';
    this.gross = 0;
    this.tare = 0;
    return 'ok';
  }

  dispose(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
  }
}
