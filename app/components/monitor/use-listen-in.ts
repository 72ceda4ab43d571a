import { useCallback, useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { listenMessageSchema } from '~/lib/monitor/listen-messages';
import { api } from '../api/api-client';
import { pcm16ToFloat, toPcmAt } from '../voice/pcm-convert';

export type ListenStatus = 'idle' | 'connecting' | 'live' | 'ended' | 'error';
/** Only hear, or also speak: to the operator (whisper), to both (barge), instead of the bot (take over). */
export type ListenMode = 'listen' | 'whisper' | 'barge' | 'takeover';

const ticketSchema = z.object({ ticket: z.string(), url: z.string(), expiresIn: z.number() });

/** Played this far ahead of the audio clock, so a late frame does not make a click. */
const LEAD_S = 0.08;

export interface ListenIn {
  status: ListenStatus;
  /** The server's message when a ticket was refused. */
  error: string | null;
  /** What is heard now, RMS 0..1, updated a few times a second; and the loudest so far. */
  level: number;
  peak: number;
  /** The analyser of what is played, for the waveform. */
  analyser: AnalyserNode | null;
  /** How the supervisor joined (the last `start`). */
  mode: ListenMode;
  /** The call could not take this mode now (no operator to whisper to, a person already on it). */
  refused: boolean;
  start(mode?: ListenMode): void;
  stop(): void;
}

/**
 * A supervisor listening in on one live call: asks the API for a one-use ticket, opens the media server's
 * listen WebSocket and plays the mix as it comes (frames scheduled back to back), through an analyser that
 * measures the level. Stop (or leaving the call) closes the socket and the audio context.
 */
export function useListenIn(projectId: string, callId: string): ListenIn {
  const [status, setStatus] = useState<ListenStatus>('idle');
  const [error, setError] = useState<string | null>(null);
  const [level, setLevel] = useState(0);
  const [peak, setPeak] = useState(0);
  const [analyser, setAnalyser] = useState<AnalyserNode | null>(null);
  const [mode, setMode] = useState<ListenMode>('listen');
  const [refused, setRefused] = useState(false);
  const cleanup = useRef<() => void>(() => undefined);

  const stop = useCallback(() => {
    cleanup.current();
    cleanup.current = () => undefined;
    setAnalyser(null);
    setLevel(0);
    setStatus((s) => (s === 'error' ? s : 'idle'));
  }, []);

  const start = useCallback(
    (joinAs: ListenMode = 'listen') => {
      cleanup.current();
      setError(null);
      setPeak(0);
      setMode(joinAs);
      setRefused(false);
      setStatus('connecting');
      // Created inside the click, so the browser lets it play.
      const audio = new AudioContext();
      let closed = false;
      let ws: WebSocket | null = null;
      let media: MediaStream | null = null;
      let meter: ReturnType<typeof setInterval> | undefined;
      cleanup.current = () => {
        closed = true;
        clearInterval(meter);
        ws?.close();
        for (const track of media?.getTracks() ?? []) track.stop();
        void audio.close().catch(() => undefined);
      };
      // Speaking into the call: the microphone first (asked inside the click), then the ticket.
      const microphone =
        joinAs === 'listen'
          ? Promise.resolve(null)
          : navigator.mediaDevices
              .getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, channelCount: 1 } })
              .catch(() => null);
      void Promise.all([
        microphone,
        api(`/api/v1/projects/${projectId}/monitor/listen`, {
          method: 'POST',
          json: { callId, mode: joinAs },
          schema: ticketSchema,
        }),
      ]).then(([stream, answer]) => {
        media = stream;
        if (closed) return cleanup.current();
        if (joinAs !== 'listen' && !stream) {
          setStatus('error');
          cleanup.current();
          return;
        }
        if (!answer.ok) {
          setError(answer.error.message);
          setStatus('error');
          cleanup.current();
          return;
        }
        const node = audio.createAnalyser();
        node.fftSize = 1024;
        node.connect(audio.destination);
        setAnalyser(node);
        const samples = new Float32Array(node.fftSize);
        meter = setInterval(() => {
          node.getFloatTimeDomainData(samples);
          let sum = 0;
          for (const s of samples) sum += s * s;
          const rms = Math.sqrt(sum / samples.length);
          setLevel(rms);
          setPeak((p) => Math.max(p, rms));
        }, 100);
        const socket = new WebSocket(answer.data.url);
        ws = socket;
        socket.binaryType = 'arraybuffer';
        let sampleRate = 8000;
        let playAt = 0;
        if (stream) {
          // ScriptProcessor keeps this in one file (no worklet module to serve); 4096 samples ≈ 85 ms.
          const source = audio.createMediaStreamSource(stream);
          const processor = audio.createScriptProcessor(4096, 1, 1);
          source.connect(processor);
          processor.connect(audio.destination);
          processor.onaudioprocess = (e) => {
            if (socket.readyState !== WebSocket.OPEN) return;
            socket.send(toPcmAt(e.inputBuffer.getChannelData(0), audio.sampleRate, sampleRate).buffer);
          };
        }
        socket.onmessage = (event) => {
          if (event.data instanceof ArrayBuffer) {
            const pcm = pcm16ToFloat(new Int16Array(event.data));
            if (pcm.length === 0) return;
            const buffer = audio.createBuffer(1, pcm.length, sampleRate);
            buffer.copyToChannel(pcm, 0);
            const source = audio.createBufferSource();
            source.buffer = buffer;
            source.connect(node);
            // Fell behind (a stall): start again a little ahead rather than pile up delay.
            if (playAt < audio.currentTime) playAt = audio.currentTime + LEAD_S;
            source.start(playAt);
            playAt += buffer.duration;
            return;
          }
          const parsed = listenMessageSchema.safeParse(JSON.parse(String(event.data)));
          if (!parsed.success) return;
          if (parsed.data.type === 'ready') {
            sampleRate = parsed.data.sampleRate;
            setStatus('live');
          } else if (parsed.data.type === 'refused') {
            setRefused(true);
            setStatus('error');
          } else setStatus('ended');
        };
        socket.onclose = () => {
          setStatus((s) => (s === 'live' || s === 'ended' ? 'ended' : s === 'connecting' ? 'error' : s));
          clearInterval(meter);
          setLevel(0);
        };
        socket.onerror = () => setStatus((s) => (s === 'connecting' ? 'error' : s));
      });
    },
    [projectId, callId],
  );

  // Another call chosen, or the panel closed: stop listening.
  useEffect(() => () => cleanup.current(), [projectId, callId]);

  return { status, error, level, peak, analyser, mode, refused, start, stop };
}
