import { useEffect, useRef } from 'react';
import { useT } from '~/i18n';
import { WaveformIcon } from '../icons';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { useListenIn } from './use-listen-in';

/** Joining the call with the microphone: whisper to the operator, barge in to both, take over from the bot. */
const SPEAKING = ['whisper', 'barge', 'takeover'] as const;

/**
 * Listen / Stop for one live call, with what is heard drawn as a waveform and a level meter. The meter's
 * `data-level` and `data-peak` (RMS, 0..1) say what the browser actually played.
 */
export function ListenControl({
  projectId,
  callId,
  disabled,
}: {
  projectId: string;
  callId: string;
  disabled: boolean;
}) {
  const t = useT();
  const listen = useListenIn(projectId, callId);
  const active = listen.status === 'connecting' || listen.status === 'live';
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const node = listen.analyser;
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!node || !el || !ctx) return;
    const samples = new Float32Array(node.fftSize);
    let frame = requestAnimationFrame(function draw() {
      node.getFloatTimeDomainData(samples);
      ctx.clearRect(0, 0, el.width, el.height);
      ctx.strokeStyle = getComputedStyle(el).color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (let i = 0; i < samples.length; i += 4) {
        const x = (i / samples.length) * el.width;
        const y = ((1 - (samples[i] ?? 0) * 2) * el.height) / 2;
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
      frame = requestAnimationFrame(draw);
    });
    return () => cancelAnimationFrame(frame);
  }, [listen.analyser]);

  return (
    <div className="space-y-2 rounded-control border border-border p-2" data-testid="monitor-listen">
      <div className="flex items-center gap-2">
        {active ? (
          <Button size="sm" variant="secondary" onClick={listen.stop}>
            {t('monitor.listen.stop')}
          </Button>
        ) : (
          <>
            <Button size="sm" variant="secondary" onClick={() => listen.start('listen')} disabled={disabled}>
              <WaveformIcon size={16} />
              {t('monitor.listen.start')}
            </Button>
            {SPEAKING.map((mode) => (
              <Button
                key={mode}
                size="sm"
                variant="ghost"
                onClick={() => listen.start(mode)}
                disabled={disabled}
              >
                {t(`monitor.listen.modes.${mode}`)}
              </Button>
            ))}
          </>
        )}
        <span
          className={cn('text-xs', listen.status === 'error' ? 'text-danger' : 'text-fg-muted')}
          data-testid="monitor-listen-status"
          data-status={listen.status}
          role="status"
        >
          {listen.status === 'error' && listen.refused
            ? t(`monitor.listen.refused.${listen.mode === 'takeover' ? 'takeover' : 'operator'}`)
            : listen.status === 'error' && listen.error
              ? listen.error
              : listen.status === 'live' && listen.mode !== 'listen'
                ? t(`monitor.listen.speaking.${listen.mode}`)
                : t(`monitor.listen.status.${listen.status}`)}
        </span>
      </div>
      {active && (
        <div className="flex items-center gap-2">
          <canvas ref={canvas} width={240} height={32} className="h-8 w-60 text-brand" aria-hidden />
          <div
            className="h-2 flex-1 overflow-hidden rounded-full bg-surface-muted"
            role="meter"
            aria-label={t('monitor.listen.level')}
            aria-valuemin={0}
            aria-valuemax={1}
            aria-valuenow={Number(listen.level.toFixed(3))}
            data-testid="monitor-listen-meter"
            data-level={listen.level.toFixed(4)}
            data-peak={listen.peak.toFixed(4)}
          >
            <div
              className="h-full bg-success transition-[width]"
              style={{ width: `${Math.min(100, Math.round(listen.level * 300))}%` }}
            />
          </div>
        </div>
      )}
    </div>
  );
}
