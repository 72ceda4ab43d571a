// Builds the labelled answering-machine set (bench/amd/recordings, labels.json): RHVoice voices speaking
// typical Russian and English voicemail greetings (most ending in a beep) and short "Алло?" / "Hello?"
// answers, each with a lead-in, line noise at a chosen level and telephone rate (8 kHz mono). Deterministic
// (seeded noise); rerun after changing a text: `npx tsx bench/amd/generate-recordings.ts`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeWav } from '../../media-server/src/audio/wav.ts';

const RATE = 8000;
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'recordings');

interface Clip {
  name: string;
  label: 'human' | 'machine';
  voice: string;
  /** Lines spoken with a pause between them. */
  lines: string[];
  leadMs: number;
  pauseMs?: number;
  beep?: boolean;
  noiseDb: number;
}

const RU = ['anna', 'elena', 'irina', 'aleksandr', 'mikhail'];
const EN = ['slt', 'clb', 'bdl', 'alan', 'evgeniy-eng'];

const humanRu = ['Алло?', 'Да?', 'Слушаю.', 'Алло, да.', 'Да, слушаю вас.'];
const humanEn = ['Hello?', 'Yes?', 'Hi.', 'Hello, yes?', 'Speaking.'];
const machineRu = [
  'Здравствуйте! Вы позвонили Ивану. Я не могу ответить, оставьте сообщение после сигнала.',
  'Абонент не может ответить на ваш звонок. Оставьте голосовое сообщение после звукового сигнала.',
  'Привет, это Маша. Сейчас не могу говорить, перезвоню позже.',
  'Вы позвонили в компанию Ромашка. Наш офис работает с девяти до шести. Оставьте сообщение.',
  'Здравствуйте, к сожалению, я сейчас не могу подойти к телефону. Говорите после сигнала.',
];
const machineEn = [
  "Hi, you've reached John. I can't take your call right now, please leave a message after the tone.",
  'The person you are calling is not available. Please leave a message after the beep.',
  "Hey, it's Sarah. Sorry I missed you, I'll call you back.",
  'Thank you for calling Acme. Our office is closed. Please leave your name and number.',
  'You have reached the voicemail of Mike Smith. Please record your message after the tone.',
];

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

function speak(voice: string, text: string): Int16Array {
  const file = join(out, '.tmp.wav');
  execFileSync('RHVoice-test', ['-p', voice, '-o', file], { input: text });
  const wav = readFileSync(file);
  const rate = wav.readUInt32LE(24);
  const dataAt = wav.indexOf('data') + 8;
  const pcm = new Int16Array(wav.buffer.slice(wav.byteOffset + dataAt, wav.byteOffset + wav.length));
  // Down to 8 kHz by averaging (a crude low-pass is enough for a telephone-band test set).
  const step = rate / RATE;
  const res = new Int16Array(Math.floor(pcm.length / step));
  for (let i = 0; i < res.length; i++) {
    let sum = 0;
    const from = Math.floor(i * step);
    const to = Math.floor((i + 1) * step);
    for (let j = from; j < to; j++) sum += pcm[j] ?? 0;
    res[i] = Math.round((sum / Math.max(1, to - from)) * 0.8);
  }
  return res;
}

function build(clip: Clip): Int16Array {
  const parts: number[] = [];
  const silence = (ms: number) => {
    for (let i = 0; i < (ms * RATE) / 1000; i++) parts.push(0);
  };
  silence(clip.leadMs);
  clip.lines.forEach((line, i) => {
    if (i > 0) silence(clip.pauseMs ?? 1200);
    for (const s of speak(clip.voice, line)) parts.push(s);
  });
  if (clip.beep) {
    silence(400);
    for (let i = 0; i < 0.5 * RATE; i++)
      parts.push(Math.round(9000 * Math.sin((2 * Math.PI * 1000 * i) / RATE)));
  }
  silence(clip.label === 'human' ? 3000 : 800);
  const amplitude = 32768 * 10 ** (clip.noiseDb / 20);
  return Int16Array.from(parts, (s) =>
    Math.max(-32768, Math.min(32767, Math.round(s + (random() * 2 - 1) * amplitude * 1.7))),
  );
}

const clips: Clip[] = [];
const noise = [-60, -50, -45, -40];
humanRu.forEach((text, i) => {
  clips.push({
    name: `human-ru-${i + 1}`,
    label: 'human',
    voice: RU[i]!,
    lines: [text],
    leadMs: 200 + i * 150,
    noiseDb: noise[i % 4]!,
  });
  // A second "Алло?" after a pause: the person heard nothing back.
  clips.push({
    name: `human-ru-${i + 6}`,
    label: 'human',
    voice: RU[(i + 2) % 5]!,
    lines: [text, 'Алло?'],
    leadMs: 400,
    pauseMs: 1100,
    noiseDb: noise[(i + 1) % 4]!,
  });
});
humanEn.forEach((text, i) => {
  clips.push({
    name: `human-en-${i + 1}`,
    label: 'human',
    voice: EN[i]!,
    lines: [text],
    leadMs: 250 + i * 120,
    noiseDb: noise[(i + 2) % 4]!,
  });
  clips.push({
    name: `human-en-${i + 6}`,
    label: 'human',
    voice: EN[(i + 3) % 5]!,
    lines: [text, 'Hello?'],
    leadMs: 350,
    pauseMs: 1100,
    noiseDb: noise[(i + 3) % 4]!,
  });
});
machineRu.forEach((text, i) => {
  clips.push({
    name: `machine-ru-${i + 1}`,
    label: 'machine',
    voice: RU[i]!,
    lines: [text],
    leadMs: 300 + i * 100,
    beep: i !== 2,
    noiseDb: noise[i % 4]!,
  });
  clips.push({
    name: `machine-ru-${i + 6}`,
    label: 'machine',
    voice: RU[(i + 1) % 5]!,
    lines: [text],
    leadMs: 700,
    beep: true,
    noiseDb: noise[(i + 2) % 4]!,
  });
});
machineEn.forEach((text, i) => {
  clips.push({
    name: `machine-en-${i + 1}`,
    label: 'machine',
    voice: EN[i]!,
    lines: [text],
    leadMs: 300 + i * 100,
    beep: i !== 2,
    noiseDb: noise[(i + 1) % 4]!,
  });
  clips.push({
    name: `machine-en-${i + 6}`,
    label: 'machine',
    voice: EN[(i + 2) % 5]!,
    lines: [text],
    leadMs: 600,
    beep: true,
    noiseDb: noise[(i + 3) % 4]!,
  });
});

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const labels: Record<string, { label: string; voice: string; text: string; noiseDb: number }> = {};
for (const clip of clips) {
  const pcm = build(clip);
  // Machines: the first 6 s are what any detector hears; keep the files small.
  const kept = clip.label === 'machine' ? pcm.subarray(0, 6 * RATE) : pcm;
  writeFileSync(join(out, `${clip.name}.wav`), encodeWav(kept, RATE));
  labels[clip.name] = {
    label: clip.label,
    voice: clip.voice,
    text: clip.lines.join(' … '),
    noiseDb: clip.noiseDb,
  };
}
rmSync(join(out, '.tmp.wav'), { force: true });
writeFileSync(join(here, 'labels.json'), `${JSON.stringify(labels, null, 2)}\n`);
console.log(`${clips.length} recordings in ${out}`);
