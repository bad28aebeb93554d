import type { ArticleSummary } from '../api/views';

export type BoardStatus = 'agreed' | 'awaiting-signature' | 'in-package' | 'withdrawn' | 'open';

const LABELS: Readonly<Record<BoardStatus, string>> = {
  agreed: "TA'd",
  'awaiting-signature': 'TA awaiting a signature',
  'in-package': 'In a package',
  withdrawn: 'Withdrawn',
  open: 'Open',
};

/** The board's reading of the read model's status fields: a TA first, then a package, then a withdrawal. */
export function boardStatus(article: Pick<ArticleSummary, 'status' | 'current' | 'withdrawn'>): BoardStatus {
  if (article.status === 'agreed') return 'agreed';
  if (article.status === 'awaiting-signature') return 'awaiting-signature';
  if (article.current.employer?.kind === 'package' || article.current.union?.kind === 'package') return 'in-package';
  if ((article.withdrawn ?? []).length > 0) return 'withdrawn';
  return 'open';
}

/** Colour and words together: the status never rests on colour alone. */
export function StatusTag({ status }: { status: BoardStatus }) {
  return <span className={`usa-tag lrr-status lrr-status--${status}`}>{LABELS[status]}</span>;
}
