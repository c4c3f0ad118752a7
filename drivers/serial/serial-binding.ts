/**
 * The serial hardware seam (STYLE "hardware seam as a types-only interface", after serialport's
 * bindings-interface): drivers depend on `SerialBinding` only; `nodeSerialBinding()` is the real
 * one on `serialport` 13, loaded lazily so nothing pays for the native addon until a port opens.
 * Tests use the real binding over pty pairs (simulators/pty.ts) or a mock of this interface.
 */

export interface SerialOpenOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 1.5 | 2;
}

export interface SerialHandlers {
  onData(chunk: Uint8Array): void;
  /** The port closed without being asked to: unplugged adapter, vanished pty, I/O error. */
  onLost(error: Error): void;
}

export interface SerialConnection {
  write(data: Uint8Array): Promise<void>;
  /** Close on purpose; onLost is not called for it. */
  close(): Promise<void>;
}

export interface SerialBinding {
  /** Open the port; rejects with the system error (ENOENT, EACCES, EBUSY...) if it cannot. */
  open(options: SerialOpenOptions, handlers: SerialHandlers): Promise<SerialConnection>;
}

/** The real binding: `serialport` 13 (its prebuilt addon ships in the npm package). */
export function nodeSerialBinding(): SerialBinding {
  return {
    async open(options, handlers) {
      const { SerialPort } = await import('serialport');
      // Never call SerialPort.list() here: on Linux it spawns `udevadm`, and a host without it
      // (containers, minimal Debian) gets an uncaught spawn error.
      const port = new SerialPort({
        path: options.path,
        baudRate: options.baudRate,
        dataBits: options.dataBits ?? 8,
        parity: options.parity ?? 'none',
        stopBits: options.stopBits ?? 1,
        autoOpen: false,
      });
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
      let closing = false;
      port.on('data', (chunk: Buffer) => handlers.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
      // 'error' without 'close' (a failed write) is followed by our own write rejection; keep the stream quiet.
      port.on('error', () => {});
      port.on('close', (err?: Error & { disconnected?: boolean }) => {
        if (!closing) handlers.onLost(err ?? new Error('the port closed'));
      });
      return {
        write(data) {
          return new Promise<void>((resolve, reject) => {
            if (!port.isOpen) {
              reject(new Error(`${options.path} is not open`));
              return;
            }
            port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (err) => (err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve()))));
          });
        },
        close() {
          closing = true;
          return new Promise<void>((resolve) => {
            if (!port.isOpen) {
              resolve();
              return;
            }
            port.close(() => resolve());
          });
        },
      };
    },
  };
}
