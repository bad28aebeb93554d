import { Link, useSearch } from '@tanstack/react-router';
import { api, unwrap } from '../api/client';
import { CommandForm, Field, UnitField, OccurredAt, listOf, occurredAtOf, textOf, useCommand } from './kit';

const STATUTES = ['EERA', 'MMBA', 'HEERA', 'DILLS', 'MERA', 'TNA', 'OTHER'] as const;

export function RegisterUnitForm() {
  const command = useCommand((body) => unwrap(api.POST('/units', { body: body as never })), [['dashboard-units']]);
  return (
    <CommandForm
      title="Register a bargaining unit"
      submitLabel="Register the unit"
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
          name: textOf(form, 'name'),
          employer: textOf(form, 'employer'),
          employeeOrganization: textOf(form, 'employeeOrganization'),
          statute: textOf(form, 'statute'),
          ...(textOf(form, 'term.start') && { currentAgreementTerm: { start: textOf(form, 'term.start'), end: textOf(form, 'term.end') } }),
          occurredAt: occurredAtOf(form),
        })
      }
    >
      <Field name="name" label="Unit name">
        {(p) => <input {...p} className={`usa-input${p.className}`} />}
      </Field>
      <Field name="employer" label="Employer">
        {(p) => <input {...p} className={`usa-input${p.className}`} />}
      </Field>
      <Field name="employeeOrganization" label="Employee organisation (exclusive representative)">
        {(p) => <input {...p} className={`usa-input${p.className}`} />}
      </Field>
      <Field name="statute" label="Statute">
        {(p) => (
          <select {...p} className={`usa-select${p.className}`} defaultValue="EERA">
            {STATUTES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="currentAgreementTerm" label="Current agreement starts (optional)">
        {(p) => <input {...p} name="term.start" className={`usa-input${p.className}`} type="date" />}
      </Field>
      <div className="usa-form-group">
        <label className="usa-label" htmlFor="term-end">
          Current agreement ends
        </label>
        <input className="usa-input" id="term-end" name="term.end" type="date" />
      </div>
      <OccurredAt label="Registered on" />
    </CommandForm>
  );
}

export function OpenNegotiationForm() {
  const search = useSearch({ strict: false }) as { unitId?: string };
  const command = useCommand((body) => unwrap(api.POST('/negotiations', { body: body as never })), [['dashboard-units'], ['negotiation-summaries']]);
  const opened = command.data as ({ negotiationId?: string } & object) | undefined;
  return (
    <CommandForm
      title="Open a negotiation"
      submitLabel="Open the negotiation"
      pending={command.isPending}
      error={command.error}
      answer={command.data}
      done={
        opened?.negotiationId ? (
          <p>
            <Link to="/negotiation/$negotiationId" params={{ negotiationId: opened.negotiationId }}>
              Open {opened.negotiationId}
            </Link>
          </p>
        ) : undefined
      }
      onSubmit={(form) =>
        command.mutate({
          unitId: textOf(form, 'unitId'),
          kind: textOf(form, 'kind'),
          articlesInScope: listOf(form, 'articlesInScope'),
          occurredAt: occurredAtOf(form),
        })
      }
    >
      <UnitField defaultValue={search.unitId ?? ''} />
      <Field name="kind" label="Kind">
        {(p) => (
          <select {...p} className={`usa-select${p.className}`} defaultValue="successor">
            <option value="successor">successor agreement</option>
            <option value="reopener">reopener</option>
            <option value="mid-term">mid-term</option>
            <option value="effects">effects bargaining</option>
            <option value="meet-and-confer">meet and confer</option>
          </select>
        )}
      </Field>
      <Field name="articlesInScope" label="Articles in scope" hint="Article numbers, separated by commas">
        {(p) => <input {...p} className={`usa-input${p.className}`} />}
      </Field>
      <OccurredAt label="Opened on" />
    </CommandForm>
  );
}
