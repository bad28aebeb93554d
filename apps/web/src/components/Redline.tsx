import type { WordDiffPart } from '../api/views';

/** A word diff as a redline: deletions struck through, insertions underlined, and said in words for screen readers. */
export function Redline({ diff, label }: { diff: readonly WordDiffPart[]; label: string }) {
  return (
    <p className="lrr-redline" aria-label={label}>
      {diff.map((part, i) =>
        part.op === 'equal' ? (
          <span key={i}>{part.text}</span>
        ) : part.op === 'insert' ? (
          <ins key={i}>
            <span className="usa-sr-only">[added: </span>
            {part.text}
            <span className="usa-sr-only">]</span>
          </ins>
        ) : (
          <del key={i}>
            <span className="usa-sr-only">[removed: </span>
            {part.text}
            <span className="usa-sr-only">]</span>
          </del>
        ),
      )}
    </p>
  );
}
