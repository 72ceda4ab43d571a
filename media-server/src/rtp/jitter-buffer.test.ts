import { describe, expect, it } from 'vitest';
import { JitterBuffer, type JitterOutput } from './jitter-buffer.ts';
import { type RtpPacket } from './rtp-packet.ts';

const packet = (sequence: number, ssrc = 1): RtpPacket => ({
  marker: false,
  payloadType: 0,
  sequence: sequence & 0xffff,
  timestamp: (sequence * 160) >>> 0,
  ssrc,
  payload: Buffer.alloc(160),
});

function run(steps: Array<[number, number] | ['tick', number]>) {
  const out: JitterOutput[] = [];
  const jb = new JitterBuffer((item) => out.push(item));
  for (const [what, at] of steps) {
    if (what === 'tick') jb.tick(at);
    else jb.push(packet(what), at);
  }
  const seqs = out.map((o) => (o.kind === 'packet' ? o.packet.sequence : `gap${o.packets}`));
  return { seqs, stats: jb.stats };
}

describe('JitterBuffer', () => {
  it('passes in-order packets straight through', () => {
    expect(
      run([
        [1, 0],
        [2, 20],
        [3, 40],
      ]).seqs,
    ).toEqual([1, 2, 3]);
  });

  it('reorders a swapped pair without loss', () => {
    const { seqs, stats } = run([
      [1, 0],
      [3, 40],
      [2, 45],
      [4, 60],
    ]);
    expect(seqs).toEqual([1, 2, 3, 4]);
    expect(stats.lost).toBe(0);
  });

  it('fills a real gap once the hold time has passed, and counts the straggler as late', () => {
    const { seqs, stats } = run([
      [1, 0],
      [3, 40],
      ['tick', 50],
      ['tick', 100],
      [2, 110],
      [4, 120],
    ]);
    expect(seqs).toEqual([1, 'gap1', 3, 4]);
    expect(stats).toMatchObject({ lost: 1, late: 1 });
  });

  it('handles the 16-bit wrap and resynchronises on a new SSRC or a big jump', () => {
    expect(
      run([
        [65534, 0],
        [65535, 20],
        [65536, 40],
        [65537, 60],
      ]).seqs,
    ).toEqual([65534, 65535, 0, 1]);
    expect(
      run([
        [10, 0],
        [5000, 20],
        [5001, 40],
      ]).seqs,
    ).toEqual([10, 5000, 5001]);
    const out: number[] = [];
    const jb = new JitterBuffer((item) => item.kind === 'packet' && out.push(item.packet.ssrc));
    jb.push(packet(10, 1), 0);
    jb.push(packet(3, 2), 20);
    expect(out).toEqual([1, 2]);
  });
});
