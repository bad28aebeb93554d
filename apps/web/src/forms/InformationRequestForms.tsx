import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { ChoiceField, CommandForm, Field, UnitField, OccurredAt, listOf, occurredAtOf, textOf, useCommand } from './kit';

const GROUNDS = ['privileged', 'third-party-privacy', 'not-relevant', 'overbroad', 'unduly-burdensome', 'does-not-exist', 'other'] as const;

export function ReceiveInformationRequestForm() {
  const [items, setItems] = useState<string[]>(['']);
  const command = useCommand((body) => unwrap(api.POST('/information-requests', { body: body as never })), [['register']]);
  return (
    <CommandForm
      title="Receive an information request"
      intro="The union’s request for information relevant to its representation duties. Its response clock starts on the day it was received."
      submitLabel="Record the request"
      pending={command.isPending}
      error={command.error}
      answer={command.data}
      done={
        command.data && 'requestId' in command.data ? (
          <p>
            <Link to="/information-request/$requestId" params={{ requestId: String((command.data as { requestId: string }).requestId) }}>
              Open the request
            </Link>
          </p>
        ) : undefined
      }
      onSubmit={(form) =>
        command.mutate({
          unitId: textOf(form, 'unitId'),
          ...(textOf(form, 'negotiationId') && { negotiationId: textOf(form, 'negotiationId') }),
          from: { organization: textOf(form, 'from.organization'), person: textOf(form, 'from.person') },
          items: items.map((description, i) => ({ number: i + 1, description: description.trim() })),
          occurredAt: occurredAtOf(form),
        })
      }
    >
      <UnitField />
      <Field name="negotiationId" label="Related negotiation (optional)">
        {(p) => <input {...p} className={`usa-input${p.className}`} />}
      </Field>
      <Field name="from.organization" label="Requesting organisation">
        {(p) => <input {...p} className={`usa-input${p.className}`} />}
      </Field>
      <Field name="from.person" label="Requested by">
        {(p) => <input {...p} className={`usa-input${p.className}`} />}
      </Field>
      <OccurredAt label="When it was received" />
      {items.map((item, i) => (
        <Field key={i} name={`items.${i}.description`} label={`Item ${i + 1}`}>
          {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={2} value={item} onChange={(e) => setItems((all) => all.map((x, j) => (j === i ? e.target.value : x)))} />}
        </Field>
      ))}
      <p>
        <button type="button" className="usa-button usa-button--outline" onClick={() => setItems((all) => [...all, ''])}>
          Add an item
        </button>
      </p>
    </CommandForm>
  );
}

const EXPLANATION_REASONS = [
  ['does-not-exist', 'the information does not exist'],
  ['already-produced', 'it was already produced'],
  ['other', 'another reason (say which)'],
] as const;

const ACTS = {
  production: { title: 'Record a production for', submit: 'Record the production', when: 'When the documents were produced' },
  objection: { title: 'Record an objection on', submit: 'Record the objection', when: 'When the objection was made' },
  explanation: { title: 'Record an explanation on', submit: 'Record the explanation', when: 'When the explanation was given' },
} as const;

/** A production of documents for one item, an objection to it, or an explanation that it does not exist or was already produced. */
export function ItemResponseForm() {
  const { requestId, act: actParam } = useParams({ strict: false }) as { requestId: string; act: string };
  const search = useSearch({ strict: false }) as { item?: number | string };
  const act: keyof typeof ACTS = actParam === 'objection' || actParam === 'explanation' ? actParam : 'production';
  const objection = act === 'objection';
  const [itemNumber, setItemNumber] = useState(String(search.item ?? '1'));
  const command = useCommand(
    (body) => {
      const params = { path: { requestId, itemNumber: Number(itemNumber) as never } };
      if (act === 'objection') return unwrap(api.POST('/information-requests/{requestId}/items/{itemNumber}/objections', { params, body: body as never }));
      if (act === 'explanation') return unwrap(api.POST('/information-requests/{requestId}/items/{itemNumber}/explanations', { params, body: body as never }));
      return unwrap(api.POST('/information-requests/{requestId}/items/{itemNumber}/productions', { params, body: body as never }));
    },
    [['information-request', requestId], ['register']],
  );
  return (
    <CommandForm
      title={`${ACTS[act].title} ${requestId}`}
      submitLabel={ACTS[act].submit}
      pending={command.isPending}
      error={command.error}
      answer={command.data}
      done={
        <p>
          <Link to="/information-request/$requestId" params={{ requestId }}>
            Back to the request
          </Link>
        </p>
      }
      onSubmit={(form) =>
        command.mutate(
          act === 'explanation'
            ? {
                reason: textOf(form, 'reason'),
                ...(textOf(form, 'explanation') && { explanation: textOf(form, 'explanation') }),
                ...(textOf(form, 'reference') && { reference: textOf(form, 'reference') }),
                occurredAt: occurredAtOf(form),
              }
            : objection
            ? {
                grounds: form.getAll('grounds').map(String),
                explanation: textOf(form, 'explanation'),
                accommodationOffered: form.get('accommodationOffered') === 'yes',
                ...(textOf(form, 'accommodationDescription') && { accommodationDescription: textOf(form, 'accommodationDescription') }),
                occurredAt: occurredAtOf(form),
              }
            : {
                completeness: textOf(form, 'completeness'),
                documents: [{ name: textOf(form, 'documents.0.name'), sha256: textOf(form, 'documents.0.sha256').toLowerCase() }],
                ...(textOf(form, 'summary') && { summary: textOf(form, 'summary') }),
                occurredAt: occurredAtOf(form),
              },
        )
      }
    >
      <div className="usa-form-group">
        <label className="usa-label" htmlFor="itemNumber">
          Item number
        </label>
        <input className="usa-input usa-input--small" id="itemNumber" inputMode="numeric" value={itemNumber} onChange={(e) => setItemNumber(e.target.value)} />
      </div>
      <OccurredAt label={ACTS[act].when} />
      {act === 'explanation' ? (
        <>
          <ChoiceField name="reason" label="Reason" choices={EXPLANATION_REASONS} defaultValue="does-not-exist" />
          <Field name="explanation" label="Explanation (required for another reason)">
            {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={3} />}
          </Field>
          <Field name="reference" label="Where it was produced (optional)" hint="The earlier production or document">
            {(p) => <input {...p} className={`usa-input${p.className}`} />}
          </Field>
        </>
      ) : objection ? (
        <>
          <fieldset className="usa-fieldset" id="field-grounds">
            <legend className="usa-legend">Grounds</legend>
            {GROUNDS.map((g) => (
              <div key={g} className="usa-checkbox">
                <input className="usa-checkbox__input" id={`ground-${g}`} type="checkbox" name="grounds" value={g} />
                <label className="usa-checkbox__label" htmlFor={`ground-${g}`}>
                  {g.replace(/-/g, ' ')}
                </label>
              </div>
            ))}
          </fieldset>
          <Field name="explanation" label="Explanation">
            {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={3} />}
          </Field>
          <Field name="accommodationOffered" label="Accommodation offered">
            {(p) => (
              <select {...p} className={`usa-select${p.className}`} defaultValue="no">
                <option value="no">no</option>
                <option value="yes">yes</option>
              </select>
            )}
          </Field>
          <Field name="accommodationDescription" label="Accommodation (optional)">
            {(p) => <input {...p} className={`usa-input${p.className}`} />}
          </Field>
        </>
      ) : (
        <>
          <Field name="completeness" label="Completeness">
            {(p) => (
              <select {...p} className={`usa-select${p.className}`} defaultValue="partial">
                <option value="partial">partial</option>
                <option value="complete">complete</option>
              </select>
            )}
          </Field>
          <Field name="documents.0.name" label="Document name">
            {(p) => <input {...p} className={`usa-input${p.className}`} />}
          </Field>
          <Field name="documents.0.sha256" label="Document SHA-256" hint="64 hexadecimal characters: the record keeps the hash, not the file">
            {(p) => <input {...p} className={`usa-input font-mono-xs${p.className}`} />}
          </Field>
          <Field name="summary" label="Summary (optional)">
            {(p) => <input {...p} className={`usa-input${p.className}`} />}
          </Field>
        </>
      )}
    </CommandForm>
  );
}

/**
 * A meeting of the parties about the request: held (who attended for each side, the items
 * discussed, what came of it) or called off (the day it was set for, by which side, why).
 */
export function MeetingForm() {
  const { requestId, kind } = useParams({ strict: false }) as { requestId: string; kind: string };
  const held = kind !== 'cancelled';
  const request = useQuery({ queryKey: ['information-request', requestId], queryFn: () => unwrap(api.GET('/information-requests/{requestId}', { params: { path: { requestId } } })) });
  const command = useCommand(
    (body) => {
      const params = { path: { requestId } };
      return held
        ? unwrap(api.POST('/information-requests/{requestId}/meetings', { params, body: body as never }))
        : unwrap(api.POST('/information-requests/{requestId}/cancelled-meetings', { params, body: body as never }));
    },
    [['information-request', requestId]],
  );
  return (
    <CommandForm
      title={held ? `Record a meeting held on request ${requestId}` : `Record a meeting cancelled on request ${requestId}`}
      intro={held ? 'A meeting of the parties about the request. It is not a response: the request’s clocks do not change.' : 'A meeting about the request that was set and called off. The date below is when notice of the cancellation was given.'}
      submitLabel={held ? 'Record the meeting' : 'Record the cancellation'}
      pending={command.isPending}
      error={command.error}
      answer={command.data}
      done={
        <p>
          <Link to="/information-request/$requestId" params={{ requestId }}>
            Back to the request
          </Link>
        </p>
      }
      onSubmit={(form) =>
        command.mutate(
          held
            ? {
                occurredAt: occurredAtOf(form),
                attendees: { employer: listOf(form, 'attendees.employer'), union: listOf(form, 'attendees.union') },
                itemNumbers: form.getAll('itemNumbers').map(Number),
                ...(textOf(form, 'discussed') && { discussed: textOf(form, 'discussed') }),
                ...(textOf(form, 'outcome') && { outcome: textOf(form, 'outcome') }),
              }
            : {
                occurredAt: occurredAtOf(form),
                scheduledFor: textOf(form, 'scheduledFor'),
                cancelledBy: textOf(form, 'cancelledBy'),
                ...(textOf(form, 'reason') && { reason: textOf(form, 'reason') }),
              },
        )
      }
    >
      {held ? (
        <>
          <OccurredAt label="When the meeting was held" />
          <Field name="attendees.employer" label="Attending for the employer (if known)" hint="Names, separated by commas">
            {(p) => <input {...p} className={`usa-input${p.className}`} />}
          </Field>
          <Field name="attendees.union" label="Attending for the union (if known)" hint="Names, separated by commas">
            {(p) => <input {...p} className={`usa-input${p.className}`} />}
          </Field>
          <fieldset className="usa-fieldset" id="field-itemNumbers">
            <legend className="usa-legend">Items discussed</legend>
            <span className="usa-hint">None ticked: the request as a whole.</span>
            {(request.data?.items ?? []).map((item) => (
              <div key={item.number} className="usa-checkbox">
                <input className="usa-checkbox__input" id={`item-${item.number}`} type="checkbox" name="itemNumbers" value={item.number} />
                <label className="usa-checkbox__label" htmlFor={`item-${item.number}`}>
                  {item.number}. {item.description}
                </label>
              </div>
            ))}
          </fieldset>
          <Field name="discussed" label="What was discussed (optional)">
            {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={3} />}
          </Field>
          <Field name="outcome" label="Outcome (optional)" hint="An item narrowed, a date for production, …">
            {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={2} />}
          </Field>
        </>
      ) : (
        <>
          <Field name="scheduledFor" label="The day the meeting was set for">
            {(p) => <input {...p} className={`usa-input${p.className}`} type="date" required />}
          </Field>
          <Field name="cancelledBy" label="Cancelled by">
            {(p) => (
              <select {...p} className={`usa-select${p.className}`} defaultValue="union">
                <option value="union">the union</option>
                <option value="employer">the employer</option>
              </select>
            )}
          </Field>
          <OccurredAt label="When notice of the cancellation was given" />
          <Field name="reason" label="Reason (optional)">
            {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={2} />}
          </Field>
        </>
      )}
    </CommandForm>
  );
}
