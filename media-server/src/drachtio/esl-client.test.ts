// Our event-socket client against a FreeSWITCH stand-in on loopback speaking the ESL text protocol.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EslClient } from './esl-client.ts';
import { EslReader, formatPlainEvent, parsePlainEvent } from './esl-protocol.ts';
import { FakeFreeSwitch } from './test-support/fake-freeswitch.ts';

let fs: FakeFreeSwitch;

beforeAll(async () => {
  fs = await FakeFreeSwitch.start('ClueCon-test');
});

afterAll(async () => {
  await fs.close();
});

describe('FreeSWITCH event socket', () => {
  it('reads messages split anywhere across chunks, and plain events with their own body', () => {
    const event = formatPlainEvent(
      { 'Event-Name': 'CUSTOM', 'Event-Subclass': 'mod_audio_fork::play_audio', 'Unique-ID': 'u 1' },
      '{"file":"/tmp/a.r8"}',
    );
    const wire = Buffer.from(
      `Content-Type: api/response\nContent-Length: 3\n\n+OK` +
        `Content-Length: ${Buffer.byteLength(event)}\nContent-Type: text/event-plain\n\n${event}`,
    );
    const reader = new EslReader();
    const messages = [];
    for (let i = 0; i < wire.length; i += 7) messages.push(...reader.push(wire.subarray(i, i + 7)));
    expect(messages.map((m) => m.headers.get('Content-Type'))).toEqual(['api/response', 'text/event-plain']);
    expect(messages[0]!.body).toBe('+OK');
    const parsed = parsePlainEvent(messages[1]!.body);
    expect(parsed.headers.get('Unique-ID')).toBe('u 1'); // values are URL-decoded
    expect(parsed.headers.get('Event-Subclass')).toBe('mod_audio_fork::play_audio');
    expect(parsed.body).toBe('{"file":"/tmp/a.r8"}');
  });

  it('authenticates, runs api commands in order and delivers events', async () => {
    const client = await EslClient.connect({
      host: '127.0.0.1',
      port: fs.port,
      password: 'ClueCon-test',
      events: ['DTMF'],
    });
    const replies = await Promise.all([client.api('status'), client.api('uuid_send_dtmf abc 5')]);
    expect(replies).toEqual(['+OK Success', '+OK Success']);
    expect(fs.commands.slice(-2)).toEqual(['status', 'uuid_send_dtmf abc 5']);
    const event = new Promise((resolve) => client.once('event', (e) => resolve(e.headers.get('DTMF-Digit'))));
    fs.dtmf('abc', '7');
    expect(await event).toBe('7');
    await expect(client.api('status\nexit')).rejects.toThrow('one line');
    client.close();
  });

  it("refuses a wrong password with FreeSWITCH's reply", async () => {
    await expect(
      EslClient.connect({ host: '127.0.0.1', port: fs.port, password: 'nope', events: ['DTMF'] }),
    ).rejects.toThrow('-ERR invalid');
  });
});
