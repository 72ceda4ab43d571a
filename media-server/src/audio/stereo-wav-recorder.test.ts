import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StereoWavRecorder } from './stereo-wav-recorder.ts';

const dir = mkdtempSync(join(tmpdir(), 'rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readStereo(path: string) {
  const file = readFileSync(path);
  const channels = file.readUInt16LE(22);
  const rate = file.readUInt32LE(24);
  const dataBytes = file.readUInt32LE(40);
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 44; i < 44 + dataBytes; i += 4) {
    left.push(file.readInt16LE(i));
    right.push(file.readInt16LE(i + 2));
  }
  return { channels, rate, riffSize: file.readUInt32LE(4), fileSize: file.length, left, right };
}

describe('StereoWavRecorder', () => {
  it('writes caller left and agent right at their positions, with a valid header', async () => {
    const path = join(dir, 'a.wav');
    const rec = new StereoWavRecorder(path, 8000);
    rec.writeCaller(0, new Int16Array([1, 2, 3, 4]));
    rec.writeAgent(2, new Int16Array([10, 20, 30, 40]));
    rec.settle(3);
    rec.writeCaller(4, new Int16Array([5, 6]));
    const result = await rec.close();
    const wav = readStereo(path);
    expect(wav).toMatchObject({ channels: 2, rate: 8000 });
    expect(wav.left).toEqual([1, 2, 3, 4, 5, 6]);
    expect(wav.right).toEqual([0, 0, 10, 20, 30, 40]);
    expect(wav.riffSize).toBe(wav.fileSize - 8);
    expect(result.durationMs).toBeCloseTo((6 / 8000) * 1000);
  });

  it('drops agent audio that barge-in removed before it was played', async () => {
    const path = join(dir, 'b.wav');
    const rec = new StereoWavRecorder(path, 16000);
    rec.writeAgent(0, new Int16Array(10).fill(100));
    rec.writeCaller(0, new Int16Array(8).fill(-5));
    rec.settle(4);
    rec.truncateAgent(6); // frames from 6 on were queued but cleared
    await rec.close();
    const wav = readStereo(path);
    expect(wav.right).toEqual([100, 100, 100, 100, 100, 100, 0, 0]);
    expect(wav.left).toEqual(new Array(8).fill(-5));
  });

  it('ignores writes before what is already on disk and pads the end with silence', async () => {
    const path = join(dir, 'c.wav');
    const rec = new StereoWavRecorder(path, 8000);
    rec.settle(4);
    rec.writeCaller(2, new Int16Array([9, 9, 9, 9]));
    await rec.close(10);
    const wav = readStereo(path);
    expect(wav.left).toEqual([0, 0, 0, 0, 9, 9, 0, 0, 0, 0]);
  });
});
