import { useCallback, useEffect, useRef, useState } from 'react';
import { pcm16ToFloat, toPcm16k } from './pcm-convert';
import type { StageProviders } from '~/.server/calls/call-events';

export type VoiceCallStatus = 'idle' | 'connecting' | 'live' | 'ended' | 'error';

export type ProviderStage = 'stt' | 'tts' | 'llm';

export type VoiceLine =
  | { who: 'caller'; text: string }
  /** The agent's reply; `providers` arrive when its turn is over. */
  | { who: 'agent'; text: string; providers?: StageProviders }
  /** A provider failed and the next one took over. */
  | { who: 'failover'; stage: ProviderStage; provider: string; replacedBy: string | null; code: string };

interface ServerMessage {
  type: string;
  text?: string;
  nodePath?: string[];
  final?: boolean;
  state?: string;
  reason?: string;
  message?: string;
  providers?: StageProviders;
  stage?: ProviderStage;
  provider?: string;
  replacedBy?: string | null;
  code?: string;
}

/** The turn's providers go on the agent's last reply (the turn ends after its reply was sent). */
function withProviders(lines: VoiceLine[], providers: StageProviders): VoiceLine[] {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line?.who === 'agent') return lines.map((l, j) => (j === i ? { ...line, providers } : l));
  }
  return lines;
}

/**
 * A voice call from the browser to an agent: the microphone goes to the media server as 16 kHz PCM over
 * the voice WebSocket, the agent's audio comes back in 20 ms frames and is scheduled gap-free; `clear`
 * (barge-in) drops what is queued. The ticket comes from the web app for this agent. `onTurn` hears the
 * blocks each turn passed (the studio highlights where the call is). Leaving the page, or stopping while
 * the call is still being set up, hangs up and releases the microphone.
 */
export function useVoiceCall(getTicket: () => Promise<string>, onTurn?: (nodePath: string[]) => void) {
  const [status, setStatus] = useState<VoiceCallStatus>('idle');
  const [lines, setLines] = useState<VoiceLine[]>([]);
  const [callState, setCallState] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cleanup = useRef<() => void>(() => undefined);
  const socket = useRef<WebSocket | null>(null);
  const turnListener = useRef(onTurn);
  turnListener.current = onTurn;
  /** Bumped by every start and stop: a start still awaiting its ticket or the microphone sees it changed. */
  const attempt = useRef(0);
  const mounted = useRef(true);

  const stop = useCallback(() => {
    attempt.current += 1;
    const run = cleanup.current;
    cleanup.current = () => undefined;
    run();
  }, []);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      stop();
    };
  }, [stop]);

  const start = useCallback(async () => {
    stop();
    const mine = attempt.current;
    const current = () => mine === attempt.current && mounted.current;
    setLines([]);
    setError(null);
    setStatus('connecting');
    try {
      const url = await getTicket();
      if (!current()) return;
      const media = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, channelCount: 1 },
      });
      // Stopped (or the page left) while the browser asked for the microphone: give it straight back.
      if (!current()) {
        for (const track of media.getTracks()) track.stop();
        return;
      }
      const audio = new AudioContext();
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      socket.current = ws;
      const source = audio.createMediaStreamSource(media);
      // ScriptProcessor keeps this in one file (no worklet module to serve); 4096 samples ≈ 85 ms.
      const processor = audio.createScriptProcessor(4096, 1, 1);
      processor.onaudioprocess = (e) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        ws.send(toPcm16k(e.inputBuffer.getChannelData(0), audio.sampleRate).buffer);
      };
      source.connect(processor);
      processor.connect(audio.destination);
      let playAt = 0;
      const playing = new Set<AudioBufferSourceNode>();
      let released = false;
      ws.onmessage = (event) => {
        if (released) return; // hung up: late audio and messages are dropped
        if (event.data instanceof ArrayBuffer) {
          const samples = pcm16ToFloat(new Int16Array(event.data));
          const buffer = audio.createBuffer(1, samples.length, 16_000);
          buffer.copyToChannel(samples, 0);
          const node = audio.createBufferSource();
          node.buffer = buffer;
          node.connect(audio.destination);
          playAt = Math.max(playAt, audio.currentTime + 0.04);
          node.start(playAt);
          playAt += buffer.duration;
          playing.add(node);
          node.onended = () => playing.delete(node);
          return;
        }
        const message = JSON.parse(String(event.data)) as ServerMessage;
        if (message.type === 'ready') setStatus('live');
        else if (message.type === 'state') setCallState(message.state ?? null);
        else if (message.type === 'transcript' && message.final && message.text)
          setLines((l) => [...l, { who: 'caller', text: message.text! }]);
        else if (message.type === 'reply' && message.text)
          setLines((l) => [...l, { who: 'agent', text: message.text! }]);
        else if (message.type === 'turn') {
          if (message.nodePath) turnListener.current?.(message.nodePath);
          if (message.providers) setLines((l) => withProviders(l, message.providers!));
        } else if (message.type === 'provider_failed' && message.stage && message.provider)
          setLines((l) => [
            ...l,
            {
              who: 'failover',
              stage: message.stage!,
              provider: message.provider!,
              replacedBy: message.replacedBy ?? null,
              code: message.code ?? 'error',
            },
          ]);
        else if (message.type === 'clear') {
          for (const node of playing) node.stop();
          playing.clear();
          playAt = 0;
        } else if (message.type === 'error') setError(message.message ?? 'error');
        else if (message.type === 'ended') setStatus('ended');
      };
      ws.onclose = () => {
        if (mounted.current) setStatus((s) => (s === 'error' ? s : 'ended'));
        if (mine === attempt.current) stop();
      };
      ws.onerror = () => {
        if (mounted.current) setStatus('error');
      };
      // Runs once, from Hang up, a new start, the socket closing or the page being left.
      cleanup.current = () => {
        if (released) return;
        released = true;
        processor.onaudioprocess = null;
        processor.disconnect();
        source.disconnect();
        for (const track of media.getTracks()) track.stop();
        for (const node of playing) node.stop();
        playing.clear();
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'hangup' }));
        if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close();
        if (audio.state !== 'closed') audio.close().catch(() => undefined);
      };
    } catch (e) {
      if (!current()) return;
      setError(e instanceof Error ? e.message : String(e));
      setStatus('error');
    }
  }, [getTicket, stop]);

  /** A keypad press during the call (RFC 4733 on phones; a message here). */
  const sendDigit = useCallback((digit: string) => {
    const ws = socket.current;
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'dtmf', digit }));
  }, []);

  return { status, lines, callState, error, start, stop, sendDigit };
}
