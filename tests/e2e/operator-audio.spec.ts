// The operator's audio end to end (issue 20), in English and Russian: baresip calls an agent whose flow
// hands the caller to an operator queue; the caller hears the hold tone and a spoken position; an operator in
// Chromium (a fake microphone playing a 1 kHz tone) accepts on the panel and the call is bridged to their
// browser. Audio flows both ways, measured on each side: the panel's analyser hears the caller's 440 Hz tone,
// and baresip's recording of what it received holds the operator's 1 kHz tone. In English the operator hands
// the caller back to the bot (which finishes the call), in Russian they hang up; either way they file the
// wrap-up form and are online again, and the call card in the Inbox shows the outcome and the note.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';
import { encodeWav } from '../../media-server/src/audio/wav';
import { startBaresip, type BaresipPeer } from '../../media-server/src/sip-gateway/test-support/baresip-peer';
import { DEMO_PASSWORD, DEMO_PROJECT, signedInPage } from './support/ui';

// One operator account for both languages: one after the other.
test.describe.configure({ mode: 'serial' });

const micWav = resolve(import.meta.dirname, '../../test-results/operator-mic-1khz.wav');
const OPERATOR_HZ = 1000;
const CALLER_HZ = 440;

/** 10 s of a tone at 16 kHz, a third of full scale: what the operator "says" (Chromium loops it). */
function writeMicWav(): void {
  const pcm = new Int16Array(16_000 * 10);
  for (let i = 0; i < pcm.length; i += 1)
    pcm[i] = Math.round(10_000 * Math.sin((2 * Math.PI * OPERATOR_HZ * i) / 16_000));
  mkdirSync(resolve(micWav, '..'), { recursive: true });
  writeFileSync(micWav, encodeWav(pcm, 16_000));
}
writeMicWav();

test.use({
  launchOptions: {
    ...chromiumLaunchOptions,
    args: [
      ...chromiumLaunchOptions.args,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${micWav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

const sipPort = Number(process.env.E2E_PORT ?? 3100) + 2000;

/** 60 s of the caller's tone at 8 kHz: what baresip sends. */
function callerTone(): Int16Array {
  const pcm = new Int16Array(8000 * 60);
  for (let i = 0; i < pcm.length; i += 1)
    pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * CALLER_HZ * i) / 8000));
  return pcm;
}

/** 20 ms windows of a 16-bit mono WAV whose energy is mostly one frequency (Goertzel against the total). */
function toneWindows(wav: Buffer, hz: number): number {
  const rate = wav.readUInt32LE(24);
  let at = 12;
  while (at < wav.length - 8 && wav.toString('ascii', at, at + 4) !== 'data')
    at += 8 + wav.readUInt32LE(at + 4);
  const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + at + 8, wav.byteOffset + wav.length));
  const n = rate / 50;
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let count = 0;
  for (let start = 0; start + n <= samples.length; start += n) {
    let s1 = 0;
    let s2 = 0;
    let energy = 0;
    for (let i = 0; i < n; i += 1) {
      const x = samples[start + i]! / 32768;
      energy += x * x;
      const s0 = x + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (n / 2);
    if (energy / n > 1e-4 && power / energy > 0.5) count += 1;
  }
  return count;
}

const copy = {
  en: {
    online: 'Online',
    onCall: 'On a call',
    wrapUp: 'Wrap-up',
    accept: 'Accept',
    live: 'Connected',
    hangUp: 'Hang up',
    followUp: 'Needs a follow-up',
    note: 'Note',
    save: 'Save and go online',
    outcome: 'Needs a follow-up',
    greeting: 'Hello. Let me connect you with a person.',
  },
  ru: {
    online: 'На линии',
    onCall: 'На звонке',
    wrapUp: 'Завершение',
    accept: 'Принять',
    live: 'На связи',
    hangUp: 'Положить трубку',
    followUp: 'Нужно перезвонить',
    note: 'Заметка',
    save: 'Сохранить и выйти на линию',
    outcome: 'Нужно перезвонить',
    greeting: 'Здравствуйте. Соединяю вас с оператором.',
  },
} as const;

async function bearer(request: APIRequestContext, email: string): Promise<Record<string, string>> {
  const res = await request.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } });
  return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
}

/** Start → greeting → Transfer to `queue`; a failed transfer says so and ends. */
function queueFlow(locale: 'en' | 'ru', queue: string, greeting: string) {
  const node = (id: string, type: string, y: number, data: Record<string, unknown>) => ({
    id,
    type,
    position: { x: 0, y },
    data,
  });
  return {
    schemaVersion: 2,
    settings: { language: locale },
    nodes: [
      node('start', 'start', 0, {}),
      node('greet', 'say', 100, { text: greeting }),
      node('handoff', 'transfer', 200, {
        target: { kind: 'queue', value: queue },
        mode: 'cold',
        message: '',
        reason: 'asked_for_person',
      }),
      node('bye', 'end', 300, { message: 'Sorry.', disposition: 'transfer_failed' }),
      node('after', 'say', 400, { text: 'Thanks: {{operator_note}}.', title: 'Back from the operator' }),
      node('done', 'end', 500, { message: '', disposition: 'back_from_operator' }),
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'greet' },
      { id: 'e2', source: 'greet', sourceHandle: 'next', target: 'handoff' },
      { id: 'e3', source: 'handoff', sourceHandle: 'failed', target: 'bye' },
      { id: 'e4', source: 'after', sourceHandle: 'next', target: 'done' },
    ],
  };
}

for (const locale of ['en', 'ru'] as const) {
  test(`${locale}: a queued SIP caller hears hold and the position, an operator accepts and they hear each other; wrap-up goes on the call card`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(180_000);
    const c = copy[locale];
    const admin = await bearer(request, 'admin@demo.local');
    const operatorAuth = await bearer(request, 'supervisor@demo.local');
    const projects = (await (await request.get('/api/v1/projects', { headers: admin })).json()) as {
      projects: { id: string; name: string }[];
    };
    const projectId = projects.projects.find((p) => p.name === DEMO_PROJECT)!.id;
    const base = `/api/v1/projects/${projectId}`;
    const unique = `${locale}-${Date.now()}`;
    // A topic only this test's operator has: other specs' queued callers never reach them, nor theirs this one.
    const topic = `audio-${unique}`;
    const queueName = `audio-${unique}`;
    const made = await request.post(`${base}/queues`, {
      headers: admin,
      data: { name: queueName, languages: [], topics: [topic], announceEverySeconds: 4, wrapUpSeconds: 600 },
    });
    expect(made.status()).toBe(201);
    const agent = (await (
      await request.post(`${base}/agents`, {
        headers: admin,
        data: { name: `Queue line ${unique}`, language: locale },
      })
    ).json()) as { id: string };
    const draft = (await (
      await request.get(`${base}/agents/${agent.id}/draft`, { headers: admin })
    ).json()) as {
      revision: number;
    };
    const saved = await request.put(`${base}/agents/${agent.id}/draft`, {
      headers: admin,
      data: { graph: queueFlow(locale, queueName, c.greeting), revision: draft.revision },
    });
    expect(saved.status()).toBe(200);
    const published = await request.post(`${base}/agents/${agent.id}/publish`, {
      headers: admin,
      data: { confirmWarnings: true },
    });
    expect(published.status(), await published.text()).toBeLessThan(300);
    const address = `queue-${unique}`;
    const number = await request.post(`${base}/phone-numbers`, {
      headers: admin,
      data: { address, agentId: agent.id },
    });
    expect(number.status()).toBe(201);

    // The operator: online with the queue's topic and no language (so no other queue's caller matches).
    const presence = await request.put(`${base}/operators/me/presence`, {
      headers: operatorAuth,
      data: { status: 'online', languages: [], topics: [topic] },
    });
    expect(presence.status()).toBe(200);
    const operator = await signedInPage(browser, locale, 'supervisor@demo.local');
    await operator.goto(`/p/${projectId}/operator`);
    await expect(operator.getByTestId('operator-status')).toHaveText(c.online);

    let peer: BaresipPeer | undefined;
    try {
      peer = await startBaresip({ sourcePcm: callerTone(), user: `+7916${String(Date.now()).slice(-7)}` });
      await peer.command('dial', `sip:${address}@127.0.0.1:${sipPort}`);
      await peer.waitFor('CALL_ESTABLISHED', 20_000);

      // The offer reaches the panel; the operator accepts and the call's audio joins their browser.
      const offer = operator.getByTestId('handoff-offer');
      await expect(offer).toContainText(queueName, { timeout: 30_000 });
      await offer.getByRole('button', { name: c.accept }).click();
      await expect(operator.getByTestId('operator-status')).toHaveText(c.onCall);
      const live = operator.getByTestId('live-call');
      await expect(live).toHaveAttribute('data-status', 'live', { timeout: 20_000 });
      await expect(live.getByTestId('live-call-status')).toContainText(c.live);
      await expect(live.getByTestId('live-call-timer')).toHaveText(/^\d+:\d\d$/);
      // Both ways, as each side measures it: the browser plays the caller, the microphone is sent.
      await expect
        .poll(async () => Number(await live.getByTestId('live-call-heard').getAttribute('data-peak')), {
          timeout: 20_000,
        })
        .toBeGreaterThan(0.02);
      await expect
        .poll(async () => Number(await live.getByTestId('live-call-sent').getAttribute('data-peak')), {
          timeout: 20_000,
        })
        .toBeGreaterThan(0.02);
      // Talked for three seconds (the panel's timer): the caller has received a good stretch of the tone.
      await expect(live.getByTestId('live-call-timer')).toHaveText(/^0:(0[3-9]|[1-5]\d)$/, {
        timeout: 20_000,
      });
      if (locale === 'en') {
        // English: the operator hands the caller back to the bot, which thanks them and ends the call.
        const back = live.getByTestId('hand-back');
        await back.getByRole('combobox').selectOption('after');
        await back.getByRole('textbox').fill('address updated');
        await back.getByRole('button', { name: 'Hand back to the bot' }).click();
      } else await live.getByRole('button', { name: c.hangUp }).click();
      await peer.waitFor('CALL_CLOSED', 30_000);

      // What baresip received: the hold tone and the operator's 1 kHz tone, each as a clean tone.
      const received = peer.recordings().find((f) => f.endsWith('-dec.wav'));
      expect(received).toBeDefined();
      const wav = readFileSync(received!);
      expect(toneWindows(wav, OPERATOR_HZ)).toBeGreaterThan(50); // > 1 s of the operator
      expect(toneWindows(wav, 523.25)).toBeGreaterThan(5); // the hold tone's first note
    } finally {
      await peer?.quit();
    }

    // Wrap-up: the form comes up, is filed, and the operator is online again.
    const wrap = operator.getByTestId('wrap-up');
    await expect(wrap).toBeVisible({ timeout: 20_000 });
    await expect(operator.getByTestId('operator-status')).toHaveText(c.wrapUp);
    await wrap.getByRole('radio', { name: c.followUp }).check();
    const note = `Call back about ${unique}`;
    await wrap.getByLabel(c.note).fill(note);
    await wrap.getByRole('button', { name: c.save }).click();
    await expect(wrap).toHaveCount(0);
    await expect(operator.getByTestId('operator-status')).toHaveText(c.online);

    // The call card shows the outcome and the note, and the timeline has the operator joining.
    const handoff = (await (
      await request.get(`${base}/calls?agentId=${agent.id}`, { headers: admin })
    ).json()) as { calls: { id: string }[] };
    const callId = handoff.calls[0]!.id;
    await operator.goto(`/p/${projectId}/inbox/${callId}`);
    await expect(operator.getByTestId('call-wrap-disposition')).toHaveText(c.outcome);
    await expect(operator.getByTestId('call-wrap-note')).toHaveText(note);
    await expect
      .poll(async () => {
        const detail = (await (await request.get(`${base}/calls/${callId}`, { headers: admin })).json()) as {
          events: { type: string; data: { status?: string } }[];
          call: { disposition: string | null };
        };
        return [
          ...detail.events.filter((e) => e.type === 'handoff').map((e) => e.data.status),
          detail.call.disposition,
        ];
      })
      .toEqual(
        locale === 'en'
          ? ['queued', 'connected', 'returned_to_bot', 'back_from_operator']
          : ['queued', 'connected', 'operator_left', 'transferred:queue'],
      );

    await request.put(`${base}/operators/me/presence`, {
      headers: operatorAuth,
      data: { status: 'offline', languages: [], topics: [] },
    });
    await request.delete(`${base}/queues/${(await made.json()).id}`, { headers: admin });
    await operator.context().close();
  });
}
