import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type MouseEvent } from 'react';
import { useT } from '~/i18n';
import { apiResponse, type ApiPath } from '../api/api-client';
import { Button } from '../ui/button';
import { formatDuration } from './format';
import { wavPeaks } from './wav-peaks';

export interface WaveformPlayerHandle {
  seek(ms: number): void;
}

export interface WaveformPlayerProps {
  src: ApiPath;
  durationMs: number | null;
  onTime: (ms: number) => void;
}

const BUCKETS = 480;

/**
 * The recording with its waveform, drawn from the file's own samples (caller above the line, agent below).
 * The <audio> element streams with range requests; the picture is computed once from the same file.
 */
export const WaveformPlayer = forwardRef<WaveformPlayerHandle, WaveformPlayerProps>(function WaveformPlayer(
  { src, durationMs, onTime },
  ref,
) {
  const t = useT();
  const audio = useRef<HTMLAudioElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [peaks, setPeaks] = useState<number[][] | null>(null);
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const [total, setTotal] = useState(durationMs ?? 0);

  useImperativeHandle(ref, () => ({
    seek(ms: number) {
      const el = audio.current;
      if (!el) return;
      el.currentTime = ms / 1000;
      setPosition(ms);
      onTime(ms);
    },
  }));

  useEffect(() => {
    const controller = new AbortController();
    apiResponse(src, { signal: controller.signal })
      .then((answered) => (answered.ok ? answered.response.arrayBuffer() : null))
      .then((buffer) => {
        const result = buffer ? wavPeaks(buffer, BUCKETS) : null;
        if (result) {
          setPeaks(result.channels);
          setTotal((current) => current || result.durationMs);
        }
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [src]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || !peaks) return;
    const width = (el.width = el.clientWidth * devicePixelRatio);
    const height = (el.height = el.clientHeight * devicePixelRatio);
    ctx.clearRect(0, 0, width, height);
    const mid = height / 2;
    const step = width / BUCKETS;
    const played = total > 0 ? (position / total) * width : 0;
    const style = getComputedStyle(el);
    const [caller, agent = caller] = peaks;
    for (let b = 0; b < BUCKETS; b += 1) {
      const x = b * step;
      const on = x <= played;
      ctx.fillStyle = on
        ? style.getPropertyValue('--wave-played') || '#4f46e5'
        : style.getPropertyValue('--wave') || '#c7c9d9';
      const up = Math.max(1, (caller?.[b] ?? 0) * (mid - 2));
      const down = Math.max(1, (agent?.[b] ?? 0) * (mid - 2));
      ctx.fillRect(x, mid - up, Math.max(1, step - 1), up);
      ctx.fillRect(x, mid, Math.max(1, step - 1), down);
    }
  }, [peaks, position, total]);

  const toggle = () => {
    const el = audio.current;
    if (!el) return;
    if (el.paused) void el.play();
    else el.pause();
  };

  const seekAt = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const ms = ((e.clientX - rect.left) / rect.width) * total;
    const el = audio.current;
    if (el && Number.isFinite(ms)) {
      el.currentTime = ms / 1000;
      setPosition(ms);
      onTime(ms);
    }
  };

  return (
    <div className="space-y-2" data-testid="waveform-player" data-position-ms={Math.round(position)}>
      <canvas
        ref={canvas}
        onClick={seekAt}
        className="h-20 w-full cursor-pointer rounded-control bg-surface-muted [--wave-played:var(--color-brand-600)] [--wave:var(--color-border-strong)]"
        aria-label={t('inbox.card.recording')}
        role="img"
      />
      {!peaks && <p className="text-xs text-fg-subtle">{t('inbox.card.loadingWaveform')}</p>}
      <div className="flex items-center gap-3">
        <Button type="button" size="sm" variant="secondary" onClick={toggle}>
          {playing ? t('inbox.card.pause') : t('inbox.card.play')}
        </Button>
        <span className="font-mono text-xs text-fg-muted" data-testid="player-time">
          {formatDuration(position)} / {formatDuration(total)}
        </span>
      </div>
      <audio
        ref={audio}
        src={src}
        preload="metadata"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onLoadedMetadata={(e) =>
          Number.isFinite(e.currentTarget.duration) && setTotal(e.currentTarget.duration * 1000)
        }
        onTimeUpdate={(e) => {
          const ms = e.currentTarget.currentTime * 1000;
          setPosition(ms);
          onTime(ms);
        }}
      />
    </div>
  );
});
