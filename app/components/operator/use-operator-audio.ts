import { useCallback, useEffect, useRef, useState } from 'react';
import { operatorAudioView } from '~/lib/handoffs/handoff-views';
import { api } from '../api/api-client';
import { pcm16ToFloat, toPcm16k } from '../voice/pcm-convert';

export type OperatorAudioStatus = 'idle' | 'connecting' | 'live' | 'ended' | 'error';

export interface OperatorAudio {
  status: OperatorAudioStatus;
  /** When the caller was joined (epoch ms), for the call's timer. */
  liveSince: number | null;
  muted: boolean;
  /** The loudest RMS (0..1) heard from the caller, and sent from the microphone, so far. */
  heardPeak: number;
  sentPeak: number;
  setMuted(muted: boolean): void;
  hangUp(): void;
  /** Hands the caller back to the bot at a block, with what the operator learned as variables. */
  handBack(nodeId: string, variables: Record<string, string>): void;
}

const LEAD_S = 0.06;

function rmsOf(node: AnalyserNode, samples: Float32Array<ArrayBuffer>): number {
  node.getFloatTimeDomainData(samples);
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/**
 * The operator's side of an accepted call: asks the API for a one-use ticket, opens the media server's
 * operator WebSocket, sends the microphone (16 kHz PCM; nothing while muted) and plays the caller as it
 * comes, each side through an analyser that measures its level. Starts as soon as it is mounted for an
 * accepted handoff; `onEnded` hears once: `ended` when either side hung up, `error` when it could not join.
 */
export function useOperatorAudio(
  projectId: string,
  handoffId: string,
  onEnded: (how: 'ended' | 'error') => void,
): OperatorAudio {
  const [status, setStatus] = useState<OperatorAudioStatus>('idle');
  const [liveSince, setLiveSince] = useState<number | null>(null);
  const [muted, setMutedState] = useState(false);
  const [heardPeak, setHeardPeak] = useState(0);
  const [sentPeak, setSentPeak] = useState(0);
  const mutedRef = useRef(false);
  const hangUpRef = useRef<() => void>(() => undefined);
  const socketRef = useRef<WebSocket | null>(null);
  const endedRef = useRef(onEnded);
  endedRef.current = onEnded;

  useEffect(() => {
    let closed = false;
    let ws: WebSocket | null = null;
    let media: MediaStream | null = null;
    let audio: AudioContext | null = null;
    let meter: ReturnType<typeof setInterval> | undefined;
    let reported = false;
    const finish = (final: 'ended' | 'error') => {
      if (reported) return;
      reported = true;
      setStatus(final);
      release();
      endedRef.current(final);
    };
    const release = () => {
      clearInterval(meter);
      for (const track of media?.getTracks() ?? []) track.stop();
      if (ws && (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN)) ws.close();
      if (audio && audio.state !== 'closed') audio.close().catch(() => undefined);
    };
    hangUpRef.current = () => {
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'hangup' }));
      finish('ended');
    };
    setStatus('connecting');
    void (async () => {
      const answer = await api(`/api/v1/projects/${projectId}/handoffs/${handoffId}/audio`, {
        method: 'POST',
        schema: operatorAudioView,
      });
      if (closed) return;
      if (!answer.ok) return finish('error');
      try {
        media = await navigator.mediaDevices.getUserMedia({
          audio: { echoCancellation: true, noiseSuppression: true, channelCount: 1 },
        });
      } catch {
        return finish('error');
      }
      if (closed) return release();
      const context = new AudioContext();
      audio = context;
      const heard = context.createAnalyser();
      heard.fftSize = 1024;
      heard.connect(context.destination);
      const source = context.createMediaStreamSource(media);
      const sent = context.createAnalyser();
      sent.fftSize = 1024;
      source.connect(sent);
      // ScriptProcessor keeps this in one file (no worklet module to serve); 4096 samples ≈ 85 ms.
      const processor = context.createScriptProcessor(4096, 1, 1);
      source.connect(processor);
      processor.connect(context.destination);
      const socket = new WebSocket(answer.data.url);
      ws = socket;
      socketRef.current = socket;
      socket.binaryType = 'arraybuffer';
      processor.onaudioprocess = (e) => {
        if (socket.readyState !== WebSocket.OPEN || mutedRef.current) return;
        socket.send(toPcm16k(e.inputBuffer.getChannelData(0), context.sampleRate).buffer);
      };
      const samples = new Float32Array(heard.fftSize);
      meter = setInterval(() => {
        const h = rmsOf(heard, samples);
        setHeardPeak((p) => Math.max(p, h));
        if (!mutedRef.current) {
          const s = rmsOf(sent, samples);
          setSentPeak((p) => Math.max(p, s));
        }
      }, 100);
      let playAt = 0;
      let wasLive = false;
      socket.onmessage = (event) => {
        if (event.data instanceof ArrayBuffer) {
          const pcm = pcm16ToFloat(new Int16Array(event.data));
          if (pcm.length === 0) return;
          const buffer = context.createBuffer(1, pcm.length, 16_000);
          buffer.copyToChannel(pcm, 0);
          const node = context.createBufferSource();
          node.buffer = buffer;
          node.connect(heard);
          if (playAt < context.currentTime) playAt = context.currentTime + LEAD_S;
          node.start(playAt);
          playAt += buffer.duration;
          return;
        }
        const message = JSON.parse(String(event.data)) as { type?: string };
        if (message.type === 'ready') {
          wasLive = true;
          setStatus('live');
          setLiveSince(Date.now());
        } else if (message.type === 'ended') finish('ended');
        else if (message.type === 'error') finish('error');
      };
      // Closed after the call was joined: it ended; closed before: it could not be joined.
      socket.onclose = () => finish(wasLive ? 'ended' : 'error');
    })();
    return () => {
      closed = true;
      release();
    };
  }, [projectId, handoffId]);

  const setMuted = useCallback((value: boolean) => {
    mutedRef.current = value;
    setMutedState(value);
  }, []);
  const hangUp = useCallback(() => hangUpRef.current(), []);
  // The media server lets the operator's leg go once the bot has the caller: the socket closes, `ended` follows.
  const handBack = useCallback((nodeId: string, variables: Record<string, string>) => {
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN)
      socket.send(JSON.stringify({ type: 'return', nodeId, variables }));
  }, []);

  return { status, liveSince, muted, heardPeak, sentPeak, setMuted, hangUp, handBack };
}
