import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useId, useRef, type ReactNode } from 'react';
import { ApiError, api } from '../api/client';
import { read } from '../api/read';
import type { Page, UnitDashboard } from '../api/views';

/** The answer of every command: what was stored, and the warnings the current rules see. */
export interface CommandAnswer {
  readonly events?: readonly { readonly eventId: string; readonly type: string }[];
  readonly warnings?: readonly { readonly code: string; readonly message: string }[];
}

const ErrorContext = createContext<ApiError | null>(null);

/**
 * A command form: submits, then shows the command's warnings (recorded, flagged, never refused) or
 * the API's refusal, with each validation message on the field it concerns.
 */
export function useCommand<T extends CommandAnswer>(send: (body: Record<string, unknown>) => Promise<T>, invalidate: readonly unknown[][] = []) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => send(body),
    onSuccess: async () => {
      await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
}

export function CommandForm({
  title,
  intro,
  onSubmit,
  pending,
  error,
  answer,
  done,
  submitLabel,
  children,
}: {
  title: string;
  intro?: ReactNode;
  onSubmit: (form: FormData) => void;
  pending: boolean;
  error: unknown;
  answer: CommandAnswer | undefined;
  done?: ReactNode;
  submitLabel: string;
  children: ReactNode;
}) {
  const apiError = error instanceof ApiError ? error : null;
  const summaryRef = useRef<HTMLDivElement>(null);
  const unplaced = apiError ? (apiError.problem.errors ?? []).filter((e) => !document.getElementById(`field-${e.property}`)) : [];
  return (
    <ErrorContext.Provider value={apiError}>
      <h1>{title}</h1>
      {intro && <div className="usa-intro">{intro}</div>}
      {answer ? (
        <div className="usa-alert usa-alert--success" role="status" data-testid="command-recorded">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading">Recorded</h2>
            <p className="usa-alert__text">{(answer.events ?? []).map((e) => e.type).join(', ') || 'Nothing new to record: the record already holds it.'}</p>
            {(answer.warnings ?? []).length > 0 && (
              <div className="usa-alert usa-alert--warning margin-top-1" data-testid="command-warnings">
                <div className="usa-alert__body">
                  <h3 className="usa-alert__heading">Recorded with {answer.warnings!.length} warning(s)</h3>
                  <ul>
                    {answer.warnings!.map((w) => (
                      <li key={w.code}>
                        {w.message} <span className="font-mono-3xs">({w.code})</span>
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
            )}
            {done}
          </div>
        </div>
      ) : (
        <form
          className="usa-form usa-form--large lrr-command"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit(new FormData(event.currentTarget));
            summaryRef.current?.focus();
          }}
        >
          <div ref={summaryRef} tabIndex={-1} aria-live="assertive">
            {apiError && (
              <div className="usa-alert usa-alert--error" role="alert" data-testid="command-refused">
                <div className="usa-alert__body">
                  <h2 className="usa-alert__heading">Not recorded</h2>
                  <p className="usa-alert__text">
                    {apiError.problem.errors && apiError.problem.errors.length > 0 ? 'Correct the fields marked below.' : apiError.message}
                    {apiError.problem.code && <span className="font-mono-3xs"> ({apiError.problem.code})</span>}
                  </p>
                  {unplaced.length > 0 && (
                    <ul>
                      {unplaced.map((e) => (
                        <li key={e.property}>
                          {e.property}: {e.messages.join('; ')}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </div>
            )}
          </div>
          {children}
          <button className="usa-button" type="submit" disabled={pending}>
            {pending ? 'Recording…' : submitLabel}
          </button>
        </form>
      )}
    </ErrorContext.Provider>
  );
}

/** A labelled field whose API validation messages (for `name`) appear on it. */
export function Field({ name, label, hint, children }: { name: string; label: string; hint?: string; children: (props: { id: string; name: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; className: string }) => ReactNode }) {
  const apiError = useContext(ErrorContext);
  const messages = apiError?.messagesFor(name) ?? [];
  const id = `field-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = messages.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`usa-form-group${messages.length > 0 ? ' usa-form-group--error' : ''}`}>
      <label className="usa-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <span className="usa-hint" id={hintId}>
          {hint}
        </span>
      )}
      {messages.length > 0 && (
        <span className="usa-error-message" id={errorId}>
          {messages.join('; ')}
        </span>
      )}
      {children({ id, name, 'aria-describedby': describedBy, 'aria-invalid': messages.length > 0 || undefined, className: messages.length > 0 ? ' usa-input--error' : '' })}
    </div>
  );
}

/** How precisely the date is known, as the form offers it; the chosen day stands for its month or year where that is all the record gives. */
const PRECISION_CHOICES = [
  ['day', 'that day'],
  ['approximate', 'approximately'],
  ['month', 'sometime in that month'],
  ['year', 'sometime in that year'],
  ['on-or-after', 'on or after that day'],
  ['on-or-before', 'on or before that day'],
  ['between', 'between that day and the last possible day'],
] as const;

type Precision = (typeof PRECISION_CHOICES)[number][0];

/** A labelled choice among fixed values, each shown by its label. */
export function ChoiceField({ name, label, choices, defaultValue }: { name: string; label: string; choices: readonly (readonly [string, string])[]; defaultValue: string }) {
  return (
    <Field name={name} label={label}>
      {(p) => (
        <select {...p} className={`usa-select${p.className}`} defaultValue={defaultValue}>
          {choices.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Business time: the day it happened, and how precisely it is known. Sent as { at, precision } (and until, for between). */
export function OccurredAt({ label = 'When it happened' }: { label?: string }) {
  const id = useId();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <fieldset className="usa-fieldset lrr-occurred">
      <legend className="usa-legend">{label}</legend>
      <Field name="occurredAt" label="Date" hint="The day at the table (business time). Recording it later is normal; the record keeps both dates. For a month or a year, any day in it.">
        {(p) => <input {...p} className={`usa-input${p.className}`} type="date" name="occurredAt.at" defaultValue={today} max={today} required />}
      </Field>
      <div className="usa-form-group">
        <label className="usa-label" htmlFor={`${id}-precision`}>
          Precision
        </label>
        <select className="usa-select" id={`${id}-precision`} name="occurredAt.precision" defaultValue="day">
          {PRECISION_CHOICES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <Field name="occurredAt.until" label="Last possible day (only for “between”)">
        {(p) => <input {...p} className={`usa-input${p.className}`} type="date" name="occurredAt.until" max={today} />}
      </Field>
    </fieldset>
  );
}

/** The business time the form says: a month or a year is sent as such (never as the day picked to name it). */
export function occurredAtOf(form: FormData): { at: string; precision: Precision; until?: string } {
  const day = String(form.get('occurredAt.at') ?? '');
  const chosen = String(form.get('occurredAt.precision') ?? 'day');
  const precision: Precision = PRECISION_CHOICES.some(([value]) => value === chosen) ? (chosen as Precision) : 'day';
  if (precision === 'month') return { at: day.slice(0, 7), precision };
  if (precision === 'year') return { at: day.slice(0, 4), precision };
  if (precision === 'between') return { at: day, precision, until: String(form.get('occurredAt.until') ?? '') };
  return { at: day, precision };
}

export const textOf = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
export const listOf = (form: FormData, name: string) =>
  textOf(form, name)
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The bargaining units a form can name (the dashboard's list, shared with it in the query cache). */
export function useUnits() {
  return useQuery({ queryKey: ['dashboard-units', 'list'], queryFn: () => read<Page<UnitDashboard>>(api.GET('/dashboard/units', { params: { query: { limit: 200 } } })) });
}

/** A `unitId` field choosing one of the registered units. */
export function UnitField({ defaultValue = '' }: { defaultValue?: string }) {
  const units = useUnits();
  return (
    <Field name="unitId" label="Bargaining unit">
      {(p) => (
        <select {...p} className={`usa-select${p.className}`} defaultValue={defaultValue}>
          <option value="">choose a unit</option>
          {(units.data?.items ?? []).map((u) => (
            <option key={u.unitId} value={u.unitId}>
              {u.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
