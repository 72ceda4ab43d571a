import { describe, expect, it } from 'vitest';
import { freeUdpRange } from '../sip-gateway/test-support/free-port.ts';
import { RtpPortAllocator, RtpPortsExhaustedError } from './rtp-port-allocator.ts';

describe('RtpPortAllocator', () => {
  it('hands out even ports in range, skips busy ones, and fails cleanly when exhausted', async () => {
    const range = await freeUdpRange(6);
    const allocator = new RtpPortAllocator('127.0.0.1', range);
    const a = await allocator.allocate();
    const b = await allocator.allocate();
    const c = await allocator.allocate();
    expect([a.port, b.port, c.port].every((p) => p % 2 === 0 && p >= range.min && p <= range.max)).toBe(true);
    await expect(allocator.allocate()).rejects.toBeInstanceOf(RtpPortsExhaustedError);
    b.release();
    expect((await allocator.allocate()).port).toBe(b.port);
    a.release();
    c.release();
  });
});
