import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { dictionaries } from '~/i18n/dictionaries';
import { createTranslator } from '~/i18n/translate';
import { api, apiResponse, failedFields, type ApiFailure } from './api-client';
import { apiFailureMessage, apiFieldMessages } from './api-failure-message';

// The browser's fetch is replaced by one that records what was asked and answers real Response objects.
function answer(response: Response | Error) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response instanceof Error ? Promise.reject(response) : Promise.resolve(response);
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const item = z.object({ id: z.string() });

describe('api', () => {
  it('sends JSON with the session cookie and returns the answer checked by the schema', async () => {
    const calls = answer(Response.json({ id: 'a', extra: 1 }, { status: 201 }));
    const result = await api('/api/v1/projects/p/things', { method: 'PATCH', json: { x: 1 }, schema: item });
    expect(result).toEqual({ ok: true, data: { id: 'a' } });
    expect(calls[0]?.url).toBe('/api/v1/projects/p/things');
    expect(calls[0]?.init).toMatchObject({
      method: 'PATCH',
      credentials: 'same-origin',
      body: '{"x":1}',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
  });

  it('posts a FormData body as multipart, leaving the boundary header to the browser', async () => {
    const calls = answer(Response.json({ id: 'b' }));
    const form = new FormData();
    form.append('file', new Blob(['hi']), 'a.txt');
    await api('/api/v1/upload', { form });
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.body).toBe(form);
    expect(calls[0]?.init.headers).toEqual({ accept: 'application/json' });
  });

  it('adds the query and reads GET without a body', async () => {
    const calls = answer(Response.json({ id: 'c' }));
    await api('/api/v1/calls', { query: new URLSearchParams({ limit: '50' }), schema: item });
    expect(calls[0]?.url).toBe('/api/v1/calls?limit=50');
    expect(calls[0]?.init.method).toBe('GET');
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('returns the server failure in its own shape with the status', async () => {
    answer(
      Response.json(
        {
          error: { code: 'validation_failed', message: 'Some fields are invalid.', fields: { host: ['x'] } },
        },
        { status: 400 },
      ),
    );
    expect(await api('/api/v1/x', { method: 'POST', json: {} })).toEqual({
      ok: false,
      error: {
        status: 400,
        code: 'validation_failed',
        message: 'Some fields are invalid.',
        fields: { host: ['x'] },
      },
    });
  });

  it('names an answer that is not the error shape http_error, and one the schema refuses bad_response', async () => {
    answer(new Response('<html>oops</html>', { status: 502 }));
    expect(await api('/api/v1/x')).toMatchObject({ ok: false, error: { status: 502, code: 'http_error' } });
    answer(Response.json({ nope: true }));
    expect(await api('/api/v1/x', { schema: item })).toMatchObject({
      ok: false,
      error: { status: 200, code: 'bad_response', fields: {} },
    });
  });

  it('turns a request that never reached the server into a network failure', async () => {
    answer(new TypeError('Failed to fetch'));
    expect(await api('/api/v1/x')).toMatchObject({ ok: false, error: { status: 0, code: 'network' } });
  });

  it('accepts an empty success body when no schema is asked for', async () => {
    answer(new Response(null, { status: 204 }));
    expect(await api('/api/v1/x', { method: 'DELETE' })).toEqual({ ok: true, data: null });
  });

  it('hands non-JSON bodies over raw', async () => {
    answer(new Response('a,b\n1,2\n', { headers: { 'x-total-count': '1' } }));
    const result = await apiResponse('/api/v1/calls.csv');
    expect(result.ok && (await result.response.text())).toBe('a,b\n1,2\n');
  });
});

describe('failure messages', () => {
  const failure = (code: string, fields: Record<string, string[]> = {}): ApiFailure => ({
    status: 400,
    code,
    message: 'English',
    fields,
  });

  it('finds the top-level fields a failure blames', () => {
    expect(
      failedFields(failure('validation_failed', { 'workingHours.days.mon.0': ['x'], host: ['y'] })),
    ).toEqual(new Set(['workingHours', 'host']));
  });

  it('translates codes: the section’s own words, the shared ones, else the generic one, in en and ru', () => {
    for (const locale of ['en', 'ru'] as const) {
      const t = createTranslator(locale, dictionaries[locale]);
      expect(apiFailureMessage(t, failure('file_too_large'), 'knowledge')).toBe(
        t('knowledge.codes.file_too_large'),
      );
      expect(apiFailureMessage(t, failure('last_owner'), 'knowledge')).toBe(t('forms.codes.last_owner'));
      expect(apiFailureMessage(t, failure('network'))).toBe(t('forms.codes.network'));
      expect(apiFailureMessage(t, failure('no_such_code'))).toBe(t('forms.codes.unknown'));
    }
  });

  it('translates blamed fields with the section’s words, or its generic one', () => {
    for (const locale of ['en', 'ru'] as const) {
      const t = createTranslator(locale, dictionaries[locale]);
      const error = apiFieldMessages(
        t,
        failure('validation_failed', { host: ['x'], odd: ['y'] }),
        'telephony',
      );
      expect(error('host')).toBe(t('telephony.fieldErrors.host'));
      expect(error('odd')).toBe(t('telephony.fieldErrors.generic'));
      expect(error('port')).toBeUndefined();
    }
  });
});
