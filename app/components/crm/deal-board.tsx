import { useEffect, useState, type DragEvent } from 'react';
import { Link } from '@remix-run/react';
import { api } from '~/components/api/api-client';
import { Button } from '~/components/ui/button';
import { cn } from '~/components/ui/cn';
import { useToast } from '~/components/ui/use-toast';
import { useLocale, useT } from '~/i18n';
import { formatMoney, type DealItem, type StageItem } from './crm-types';

export interface BoardColumn {
  stage: StageItem;
  deals: DealItem[];
  count: number;
  amount: number;
}

interface Props {
  projectId: string;
  columns: BoardColumn[];
  canEdit: boolean;
}

/** Moves a deal in the local board: out of its column, into `stageId` before `beforeId` (or last). */
function moved(
  columns: BoardColumn[],
  dealId: string,
  stageId: string,
  beforeId: string | null,
): BoardColumn[] {
  const deal = columns.flatMap((c) => c.deals).find((d) => d.id === dealId);
  if (!deal) return columns;
  return columns.map((c) => {
    const without = c.deals.filter((d) => d.id !== dealId);
    const left = c.deals.length !== without.length;
    if (c.stage.id !== stageId)
      return left ? { ...c, deals: without, count: c.count - 1, amount: c.amount - (deal.amount ?? 0) } : c;
    const at = beforeId ? without.findIndex((d) => d.id === beforeId) : -1;
    const deals = [...without];
    deals.splice(at < 0 ? deals.length : at, 0, { ...deal, stageId });
    return left
      ? { ...c, deals }
      : { ...c, deals, count: c.count + 1, amount: c.amount + (deal.amount ?? 0) };
  });
}

/**
 * The deals as a board by stage. Cards are dragged between and within columns (HTML drag and drop, so it
 * works with a mouse and in tests); the move shows at once and is undone if the server refuses it.
 * Each column renders its first page; "show more" loads the next.
 */
export function DealBoard({ projectId, columns: initial, canEdit }: Props) {
  const t = useT();
  const locale = useLocale();
  const { toast } = useToast();
  const [columns, setColumns] = useState(initial);
  const [over, setOver] = useState<string | null>(null);
  useEffect(() => setColumns(initial), [initial]);

  const move = async (dealId: string, stageId: string, beforeId: string | null) => {
    const before = columns;
    if (beforeId === dealId) return;
    setColumns(moved(columns, dealId, stageId, beforeId));
    const answer = await api(`/api/v1/projects/${projectId}/crm/deals/${dealId}`, {
      method: 'PATCH',
      json: { stageId, beforeId },
    });
    if (!answer.ok) {
      setColumns(before);
      toast({ title: answer.error.message, variant: 'error' });
    } else {
      const stage = columns.find((c) => c.stage.id === stageId)?.stage.name ?? '';
      toast({ title: t('crm.deals.moved', { stage }), variant: 'success' });
    }
  };
  const drop = (stageId: string, beforeId: string | null) => (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(null);
    const dealId = e.dataTransfer.getData('text/x-deal');
    if (dealId) void move(dealId, stageId, beforeId);
  };
  const loadMore = async (column: BoardColumn) => {
    const q = new URLSearchParams({
      stageId: column.stage.id,
      offset: String(column.deals.length),
      limit: '100',
    });
    const answer = await api(`/api/v1/projects/${projectId}/crm/deals`, { query: q });
    if (!answer.ok) return;
    const { deals } = answer.data as { deals: DealItem[] };
    setColumns((cols) =>
      cols.map((c) => (c.stage.id === column.stage.id ? { ...c, deals: [...c.deals, ...deals] } : c)),
    );
  };

  return (
    // The keyboard scrolls a board wider than the screen once it has focus (Tab, then the arrow keys).
    <div
      tabIndex={0}
      role="region"
      aria-label={t('crm.deals.board')}
      className="flex gap-3 overflow-x-auto pb-2"
      data-testid="crm-board"
    >
      {columns.map((column) => (
        <section
          key={column.stage.id}
          aria-label={column.stage.name}
          data-testid="crm-board-column"
          data-stage={column.stage.name}
          onDragOver={(e) => {
            if (!canEdit) return;
            e.preventDefault();
            setOver(column.stage.id);
          }}
          onDragLeave={() => setOver((o) => (o === column.stage.id ? null : o))}
          onDrop={drop(column.stage.id, null)}
          className={cn(
            'flex w-64 shrink-0 flex-col gap-2 rounded-panel border border-border bg-surface-muted p-2',
            over === column.stage.id && 'border-brand',
          )}
        >
          <header className="flex items-baseline justify-between gap-2 px-1">
            <h2 className="truncate text-sm font-semibold text-fg">{column.stage.name}</h2>
            <span className="text-xs whitespace-nowrap text-fg-subtle">
              {t('crm.deals.count', { count: column.count })} · {formatMoney(column.amount, 'RUB', locale)}
            </span>
          </header>
          {column.deals.length === 0 && (
            <p className="rounded-control border border-dashed border-border p-3 text-center text-xs text-fg-subtle">
              {t('crm.deals.emptyStage')}
            </p>
          )}
          {column.deals.map((deal) => (
            <article
              key={deal.id}
              draggable={canEdit}
              data-testid="crm-deal-card"
              data-deal={deal.title}
              onDragStart={(e) => {
                e.dataTransfer.setData('text/x-deal', deal.id);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragOver={(e) => canEdit && e.preventDefault()}
              onDrop={drop(column.stage.id, deal.id)}
              className={cn(
                'space-y-1 rounded-control border border-border bg-surface p-2 text-sm shadow-card',
                canEdit && 'cursor-grab active:cursor-grabbing',
              )}
            >
              <p className="font-medium text-fg">{deal.title}</p>
              <p className="flex justify-between gap-2 text-xs text-fg-muted">
                {deal.contactId ? (
                  <Link
                    to={`/p/${projectId}/crm/contacts/${deal.contactId}`}
                    className="truncate hover:underline"
                  >
                    {deal.contactName || t('crm.contacts.noName')}
                  </Link>
                ) : (
                  <span>{t('crm.deals.noContact')}</span>
                )}
                <span>{formatMoney(deal.amount, deal.currency, locale)}</span>
              </p>
            </article>
          ))}
          {column.deals.length < column.count && (
            <Button size="sm" variant="ghost" onClick={() => void loadMore(column)}>
              {t('crm.contacts.more')}
            </Button>
          )}
        </section>
      ))}
    </div>
  );
}
