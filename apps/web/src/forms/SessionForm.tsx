import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { NegotiationNav } from '../components/NegotiationNav';
import { CommandForm, Field, OccurredAt, listOf, occurredAtOf, textOf, useCommand } from './kit';

/** The caucuses called during the session, in order: a side each, and minutes when known. */
function Caucuses() {
  const [rows, setRows] = useState<number[]>([]);
  const [next, setNext] = useState(0);
  return (
    <fieldset className="usa-fieldset margin-top-2">
      <legend className="usa-legend">Caucuses (optional)</legend>
      <span className="usa-hint">Each break a side took to confer apart, in order, with its length when known.</span>
      {rows.map((row, index) => (
        <div key={row} className="display-flex flex-align-end flex-wrap" data-testid="caucus">
          <div className="margin-right-3">
            <Field name={`caucuses.${index}.side`} label={`Caucus ${index + 1}: side`}>
              {(p) => (
                <select {...p} className={`usa-select${p.className}`} defaultValue="union">
                  <option value="union">union</option>
                  <option value="employer">employer</option>
                </select>
              )}
            </Field>
          </div>
          <div className="margin-right-3">
            <Field name={`caucuses.${index}.minutes`} label="Minutes (if known)">
              {(p) => <input {...p} className={`usa-input usa-input--small${p.className}`} inputMode="numeric" />}
            </Field>
          </div>
          <button type="button" className="usa-button usa-button--unstyled margin-left-2 margin-bottom-1" onClick={() => setRows(rows.filter((r) => r !== row))}>
            Remove caucus {index + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="usa-button usa-button--outline margin-top-1"
        onClick={() => {
          setRows([...rows, next]);
          setNext(next + 1);
        }}
      >
        Add a caucus
      </button>
    </fieldset>
  );
}

/** The caucus rows of the form, as the API takes them (minutes left as typed when not a number, for the API to refuse on its field). */
function caucusesOf(form: FormData): { side: string; minutes?: number | string }[] {
  const caucuses: { side: string; minutes?: number | string }[] = [];
  for (let index = 0; form.has(`caucuses.${index}.side`); index++) {
    const minutes = textOf(form, `caucuses.${index}.minutes`);
    caucuses.push({ side: textOf(form, `caucuses.${index}.side`), ...(minutes !== '' && { minutes: numberOrText(minutes) }) });
  }
  return caucuses;
}

/** A number field as the API takes it: the number, or the text as typed (blank included) for the API to refuse on its field. */
const numberOrText = (text: string) => (text !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

export function SessionForm() {
  const { negotiationId } = useParams({ strict: false }) as { negotiationId: string };
  const command = useCommand(
    (body) => unwrap(api.POST('/negotiations/{negotiationId}/sessions', { params: { path: { negotiationId } }, body: body as never })),
    [['summary', negotiationId], ['negotiation', negotiationId], ['timeline', negotiationId]],
  );
  return (
    <>
      <NegotiationNav negotiationId={negotiationId} />
      <CommandForm
        title="Record a bargaining session"
        submitLabel="Record the session"
        pending={command.isPending}
        error={command.error}
        answer={command.data}
        done={
          <p>
            <Link to="/negotiation/$negotiationId" params={{ negotiationId }}>
              Back to the negotiation
            </Link>
          </p>
        }
        onSubmit={(form) => {
          const body = {
            number: numberOrText(textOf(form, 'number')),
            occurredAt: occurredAtOf(form),
            place: textOf(form, 'place'),
            attendees: { employer: listOf(form, 'attendees.employer'), union: listOf(form, 'attendees.union') },
            articlesDiscussed: listOf(form, 'articlesDiscussed'),
            ...(textOf(form, 'summary') && { summary: textOf(form, 'summary') }),
            ...(textOf(form, 'startTime') && { startTime: textOf(form, 'startTime') }),
            ...(textOf(form, 'endTime') && { endTime: textOf(form, 'endTime') }),
            ...(textOf(form, 'hours') && { hours: numberOrText(textOf(form, 'hours')) }),
            ...(caucusesOf(form).length > 0 && { caucuses: caucusesOf(form) }),
          };
          command.mutate(body);
        }}
      >
        <Field name="number" label="Session number">
          {(p) => <input {...p} className={`usa-input usa-input--small${p.className}`} inputMode="numeric" />}
        </Field>
        <OccurredAt label="When the session was held" />
        <Field name="place" label="Place">
          {(p) => <input {...p} className={`usa-input${p.className}`} />}
        </Field>
        <Field name="attendees.employer" label="Attending for the employer" hint="Names, separated by commas">
          {(p) => <input {...p} className={`usa-input${p.className}`} />}
        </Field>
        <Field name="attendees.union" label="Attending for the union" hint="Names, separated by commas">
          {(p) => <input {...p} className={`usa-input${p.className}`} />}
        </Field>
        <Field name="articlesDiscussed" label="Articles discussed" hint="Article numbers, separated by commas">
          {(p) => <input {...p} className={`usa-input${p.className}`} />}
        </Field>
        <div className="display-flex flex-wrap flex-align-end">
          <div className="margin-right-3">
            <Field name="startTime" label="Started at (optional)">
              {(p) => <input {...p} className={`usa-input usa-input--medium${p.className}`} type="time" />}
            </Field>
          </div>
          <div className="margin-right-3">
            <Field name="endTime" label="Ended at (optional)">
              {(p) => <input {...p} className={`usa-input usa-input--medium${p.className}`} type="time" />}
            </Field>
          </div>
          <div>
            <Field name="hours" label="Or its length in hours" hint="When the times are not known, e.g. 2.5">
              {(p) => <input {...p} className={`usa-input usa-input--small${p.className}`} inputMode="decimal" />}
            </Field>
          </div>
        </div>
        <Caucuses />
        <Field name="summary" label="Summary (optional)">
          {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={3} />}
        </Field>
      </CommandForm>
    </>
  );
}
