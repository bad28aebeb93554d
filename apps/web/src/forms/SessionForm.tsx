import { Link, useParams } from '@tanstack/react-router';
import { api, unwrap } from '../api/client';
import { NegotiationNav } from '../components/NegotiationNav';
import { CommandForm, Field, OccurredAt, listOf, occurredAtOf, textOf, useCommand } from './kit';

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
          const number = Number(textOf(form, 'number'));
          const body = {
            number: Number.isFinite(number) && textOf(form, 'number') !== '' ? number : textOf(form, 'number'),
            occurredAt: occurredAtOf(form),
            place: textOf(form, 'place'),
            attendees: { employer: listOf(form, 'attendees.employer'), union: listOf(form, 'attendees.union') },
            articlesDiscussed: listOf(form, 'articlesDiscussed'),
            ...(textOf(form, 'summary') && { summary: textOf(form, 'summary') }),
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
        <Field name="summary" label="Summary (optional)">
          {(p) => <textarea {...p} className={`usa-textarea${p.className}`} rows={3} />}
        </Field>
      </CommandForm>
    </>
  );
}
