/**
 * Hands out even RTP ports from a configured range, bound to a UDP socket. The cursor moves on after each
 * allocation so a port just released is not reused at once (late packets of the old call would land in
 * the new one).
 */
import dgram from 'node:dgram';

export interface RtpPortRange {
  min: number;
  max: number;
}

export interface RtpPortLease {
  port: number;
  socket: dgram.Socket;
  release(): void;
}

export class RtpPortsExhaustedError extends Error {
  constructor(range: RtpPortRange) {
    super(`no free RTP port in ${range.min}-${range.max}`);
    this.name = 'RtpPortsExhaustedError';
  }
}

export class RtpPortAllocator {
  private readonly inUse = new Set<number>();
  private cursor: number;

  constructor(
    private readonly host: string,
    private readonly range: RtpPortRange,
  ) {
    if (range.min < 1 || range.max > 65535 || range.max - range.min < 1)
      throw new Error(`bad RTP port range ${range.min}-${range.max}`);
    this.cursor = evenAtLeast(range.min);
  }

  get used(): number {
    return this.inUse.size;
  }

  async allocate(): Promise<RtpPortLease> {
    const first = evenAtLeast(this.range.min);
    const slots = Math.floor((this.range.max - first) / 2) + 1;
    for (let i = 0; i < slots; i += 1) {
      const port = this.cursor;
      this.cursor = port + 2 > this.range.max ? first : port + 2;
      if (this.inUse.has(port)) continue;
      const socket = await tryBind(this.host, port);
      if (!socket) continue; // taken by another process
      this.inUse.add(port);
      let released = false;
      return {
        port,
        socket,
        release: () => {
          if (released) return;
          released = true;
          this.inUse.delete(port);
          try {
            socket.close();
          } catch {
            // already closed
          }
        },
      };
    }
    throw new RtpPortsExhaustedError(this.range);
  }
}

function evenAtLeast(n: number): number {
  return n % 2 === 0 ? n : n + 1;
}

function tryBind(host: string, port: number): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    socket.once('error', () => {
      try {
        socket.close();
      } catch {
        // never bound
      }
      resolve(undefined);
    });
    socket.bind(port, host, () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}
