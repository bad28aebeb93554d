import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { ChoiceField, CommandForm, Field, OccurredAt, occurredAtOf, textOf, useCommand, useUnits } from './kit';

export const DECISION_KINDS = [
  ['school-closure', 'a school closure'],
  ['layoff', 'a layoff'],
  ['reorganisation', 'a reorganisation'],
  ['other', 'another decision'],
] as const;

export const SCOPES = [
  ['both', 'the decision and its effects'],
  ['decision', 'the decision'],
  ['effects', 'its effects only'],
] as const;

export const ANSWERS = [
  ['agrees', 'agrees to bargain as demanded'],
  ['effects-only', 'offers to bargain the effects only'],
  ['refuses', 'refuses to bargain'],
  ['claims-waiver', 'claims the right to bargain was waived'],
] as const;

/** A side's demand to bargain a decision (a school closure, a layoff, …) or its effects, for one unit. */
export function MakeDemandForm() {
  const { unitId } = useParams({ strict: false }) as { unitId: string };
  const units = useUnits();
  const name = units.data?.items.find((u) => u.unitId === unitId)?.name ?? unitId;
  const command = useCommand((body) => unwrap(api.POST('/units/{unitId}/demands-to-bargain', { params: { path: { unitId } }, body: body as never })), [['unit-demands', unitId]]);
  return (
    <CommandForm
      title={`Record a demand to bargain for ${name}`}
      intro="A demand to bargain a decision, its effects, or both. The other side’s answer is recorded on its own."
      submitLabel="Record the demand"
      pending={command.isPending}
      error={command.error}
      answer={command.data}
      done={
        <p>
          <Link to="/">Back to the dashboard</Link>
        </p>
      }
      onSubmit={(form) =>
        command.mutate({
          demandedBy: textOf(form, 'demandedBy'),
          decision: { description: textOf(form, 'decision.description'), kind: textOf(form, 'decision.kind'), ...(textOf(form, 'decision.decidedOn') && { decidedOn: textOf(form, 'decision.decidedOn') }) },
          scope: textOf(form, 'scope'),
          ...(textOf(form, 'statement') && { statement: textOf(form, 'statement') }),
          occurredAt: occurredAtOf(form),
        })
      }
    >
      <Field name="demandedBy" label="Demanded by">
        {(p) => (
          <select {...p} className={`usa-select${p.className}`} defaultValue="union">
            <option value="union">the union</option>
            <option value="employer">the employer</option>
          </select>
        )}
      </Field>
      <OccurredAt label="When the demand was made" />
      <Field name="decision.description" label="The decision">
        {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={2} />}
      </Field>
      <ChoiceField name="decision.kind" label="Kind of decision" choices={DECISION_KINDS} defaultValue="school-closure" />
      <Field name="decision.decidedOn" label="When the decision was made or announced (if known)">
        {(p) => <input {...p} className={`usa-input${p.className}`} type="date" />}
      </Field>
      <ChoiceField name="scope" label="Bargaining demanded over" choices={SCOPES} defaultValue="both" />
      <Field name="statement" label="The demand’s words (optional)">
        {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={3} />}
      </Field>
    </CommandForm>
  );
}

/** The other side's one answer to a demand to bargain. */
export function AnswerDemandForm() {
  const { demandId } = useParams({ strict: false }) as { demandId: string };
  const [answer, setAnswer] = useState<string>('agrees');
  const demand = useQuery({ queryKey: ['demand-to-bargain', demandId], queryFn: () => unwrap(api.GET('/demands-to-bargain/{demandId}', { params: { path: { demandId } } })) });
  const command = useCommand(
    (body) => unwrap(api.POST('/demands-to-bargain/{demandId}/answer', { params: { path: { demandId } }, body: body as never })),
    [['demand-to-bargain', demandId], ['unit-demands']],
  );
  const d = demand.data;
  return (
    <CommandForm
      title="Record the answer to a demand to bargain"
      intro={
        d ? (
          <p>
            The {d.demandedBy}’s demand of {d.demandedOn} to bargain {SCOPES.find(([value]) => value === d.scope)?.[1] ?? d.scope}: {d.decision.description}. The {d.demandedBy === 'union' ? 'employer' : 'union'} answers.
          </p>
        ) : undefined
      }
      submitLabel="Record the answer"
      pending={command.isPending}
      error={command.error}
      answer={command.data}
      done={
        <p>
          <Link to="/">Back to the dashboard</Link>
        </p>
      }
      onSubmit={(form) =>
        command.mutate({
          answer: textOf(form, 'answer'),
          ...(answer === 'claims-waiver' && textOf(form, 'waiverBasis') && { waiverBasis: textOf(form, 'waiverBasis') }),
          ...(textOf(form, 'statement') && { statement: textOf(form, 'statement') }),
          occurredAt: occurredAtOf(form),
        })
      }
    >
      <Field name="answer" label="Answer">
        {(p) => (
          <select {...p} className={`usa-select${p.className}`} value={answer} onChange={(e) => setAnswer(e.target.value)}>
            {ANSWERS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {answer === 'claims-waiver' && (
        <Field name="waiverBasis" label="What the waiver claim rests on" hint="A management-rights clause, a past practice, …">
          {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={2} />}
        </Field>
      )}
      <OccurredAt label="When the answer was given" />
      <Field name="statement" label="The answer’s words (optional)">
        {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={3} />}
      </Field>
    </CommandForm>
  );
}
