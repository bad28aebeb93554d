import type { Actor, BusinessTime, ClassificationMark, Level, Side } from '../api/views';

const LEVEL_CLASS: Readonly<Record<Level, string>> = {
  public: 'lrr-level--public',
  internal: 'lrr-level--internal',
  confidential: 'lrr-level--confidential',
  privileged: 'lrr-level--privileged',
};

/** A record's classification, always visible beside confidential and privileged content. */
export function Classification({ mark }: { mark: ClassificationMark }) {
  return (
    <span className={`usa-tag lrr-level ${LEVEL_CLASS[mark.level]}`} title={mark.basis}>
      {mark.level}
      <span className="usa-sr-only"> (basis: {mark.basis})</span>
    </span>
  );
}

export const SIDE_LABELS: Readonly<Record<Side, string>> = { employer: 'Employer', union: 'Union' };

export function SideName({ side }: { side: Side | null }) {
  return side ? <span className={`lrr-side lrr-side--${side}`}>{SIDE_LABELS[side]}</span> : <span>Both sides</span>;
}

/**
 * Business time with its precision: a day stays a day, an approximate date says so, and a month, a
 * year, a range or a bound is shown as the record knows it — in the API's words (`described`, e.g.
 * "February 2008") where the answer carries them, else as recorded ("2008-02", "on or after 2010-04-16").
 */
export function When({ time, described }: { time: BusinessTime; described?: string }) {
  if (time.precision === 'instant' || time.precision === 'day' || time.precision === 'approximate') {
    const text = time.precision === 'instant' ? new Date(time.at).toLocaleString('en-US', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }) + ' UTC' : time.at.slice(0, 10);
    return <time dateTime={time.at}>{time.precision === 'approximate' ? `about ${text}` : text}</time>;
  }
  const asRecorded = time.precision === 'between' ? `between ${time.at} and ${time.until ?? time.at}` : time.precision === 'on-or-after' ? `on or after ${time.at}` : time.precision === 'on-or-before' ? `on or before ${time.at}` : time.at;
  return (
    <time dateTime={time.at} data-precision={time.precision}>
      {described ?? asRecorded}
    </time>
  );
}

/** System time: when the record was made. */
export function Recorded({ at, by }: { at: string; by?: Actor }) {
  return (
    <span className="lrr-recorded">
      recorded <time dateTime={at}>{at.slice(0, 10)}</time>
      {by && (
        <>
          {' '}
          by {by.subject} <span className="lrr-muted">({by.role})</span>
        </>
      )}
    </span>
  );
}

/** ProposalTabled → Proposal tabled. */
export function humanize(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/-/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const STAGE_LABELS: Readonly<Record<string, string>> = {
  'at-table': 'At the table',
  'impasse-declared': 'Impasse declared',
  mediation: 'Mediation',
  factfinding: 'Factfinding',
  'factfinding-report-issued': 'Factfinding report issued',
  'factfinding-report-public': 'Factfinding report public',
  'offer-imposed': 'Last offer imposed',
  'settlement-reached': 'Settlement reached',
  ratified: 'Ratified',
  approved: 'Approved by the governing body',
  'agreement-executed': 'Agreement executed',
  concluded: 'Concluded',
};

export const stageLabel = (stage: string) => STAGE_LABELS[stage] ?? humanize(stage);
