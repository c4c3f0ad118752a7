/**
 * A scale on a pty: the model (model.ts) spoken in MT-SICS, Toledo continuous or CAS
 * (protocols.ts), with unplug / replug. Streaming protocols send a frame every `intervalMs`.
 */
import { PtySim } from '../pty-sim.ts';
import { ScaleModel } from './model.ts';
import { endpointFor, type ScaleSimEndpoint, type ScaleSimProtocol } from './protocols.ts';

export interface ScaleSimOptions {
  protocol: ScaleSimProtocol;
  link: string;
  /** streaming protocols: time between frames; default 100 ms */
  intervalMs?: number;
  capacityGrams?: number;
}

export class ScaleSimulator {
  readonly model: ScaleModel;
  private readonly endpoint: ScaleSimEndpoint;
  private readonly sim: PtySim;
  private timer: NodeJS.Timeout | undefined;
  /** requests seen (MT-SICS) */
  received = 0;

  constructor(private readonly opts: ScaleSimOptions) {
    this.model = new ScaleModel(opts.capacityGrams);
    this.endpoint = endpointFor(opts.protocol, this.model);
    this.sim = new PtySim({
      link: opts.link,
      onData: (chunk) => {
        this.received++;
        for (const reply of this.endpoint.receive(chunk)) void this.sim.send(reply);
      },
    });
  }

  get plugged(): boolean {
    return this.sim.plugged;
  }

  async start(): Promise<void> {
    await this.plug();
  }

  async plug(): Promise<void> {
    await this.sim.plug();
    const frame = this.endpoint.frame?.bind(this.endpoint);
    if (frame && !this.timer) this.timer = setInterval(() => void this.sim.send(frame()), this.opts.intervalMs ?? 100);
  }

  async unplug(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sim.unplug();
  }

  async stop(): Promise<void> {
    this.model.dispose();
    await this.unplug();
  }
}
