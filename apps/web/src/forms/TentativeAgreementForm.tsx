import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { NegotiationState, Side } from '../api/views';
import { NegotiationNav } from '../components/NegotiationNav';
import { Failure, Loading } from '../components/Status';
import { CommandForm, Field, OccurredAt, occurredAtOf, textOf, useCommand } from './kit';

/** Initial a tentative agreement: the first side's initial with the agreed text, or the other side's on a TA awaiting it. */
export function TentativeAgreementForm() {
  const { negotiationId } = useParams({ strict: false }) as { negotiationId: string };
  const search = useSearch({ strict: false }) as { taId?: string; article?: string };
  const state = useQuery({ queryKey: ['negotiation', negotiationId], queryFn: () => unwrap(api.GET('/negotiations/{negotiationId}', { params: { path: { negotiationId } } })) });
  const [taId, setTaId] = useState(search.taId ?? '');
  const [article, setArticle] = useState(search.article ?? '');
  const [text, setText] = useState('');
  const command = useCommand(
    (body) =>
      taId
        ? unwrap(api.POST('/negotiations/{negotiationId}/tentative-agreements/{taId}/initials', { params: { path: { negotiationId, taId } }, body: body as never }))
        : unwrap(api.POST('/negotiations/{negotiationId}/tentative-agreements', { params: { path: { negotiationId } }, body: body as never })),
    [['summary', negotiationId], ['negotiation', negotiationId], ['articles', negotiationId], ['timeline', negotiationId], ['article-history', negotiationId]],
  );
  if (state.isPending) return <Loading what="the negotiation" />;
  if (state.isError) return <Failure error={state.error} what="negotiation" />;
  const negotiation = state.data.negotiation as unknown as NegotiationState;
  const awaiting = Object.values(negotiation.tentativeAgreements).filter((ta) => !ta.withdrawn && (!ta.signatures.employer || !ta.signatures.union));
  const chosen = taId ? negotiation.tentativeAgreements[taId] : undefined;
  const missingSide: Side | undefined = chosen ? (chosen.signatures.employer ? 'union' : 'employer') : undefined;
  return (
    <>
      <NegotiationNav negotiationId={negotiationId} />
      <CommandForm
        title={chosen ? `Record the ${missingSide}’s initials on ${chosen.taId}` : 'Initial a tentative agreement'}
        intro={chosen ? `Articles ${chosen.articles.map((a) => a.article).join(', ')}; initialed by the ${missingSide === 'union' ? 'employer' : 'union'} already.` : 'The first side’s spokesperson initials the agreed text; the TA is complete when the other side initials it too.'}
        submitLabel="Record the initials"
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
            side: textOf(form, 'side'),
            signatory: textOf(form, 'signatory'),
            occurredAt: occurredAtOf(form),
            ...(!taId && { articles: [{ article: article.trim(), title: article.trim() ? `Article ${article.trim()}` : null, text }] }),
          };
          command.mutate(body);
        }}
      >
        {awaiting.length > 0 && (
          <div className="usa-form-group">
            <label className="usa-label" htmlFor="taId">
              Tentative agreement
            </label>
            <select className="usa-select" id="taId" value={taId} onChange={(e) => setTaId(e.target.value)}>
              <option value="">a new tentative agreement</option>
              {awaiting.map((ta) => (
                <option key={ta.taId} value={ta.taId}>
                  {ta.taId}: articles {ta.articles.map((a) => a.article).join(', ')}, awaiting the {ta.signatures.employer ? 'union' : 'employer'}
                </option>
              ))}
            </select>
          </div>
        )}
        <Field name="side" label="Initialed by">
          {(p) => (
            <select {...p} key={missingSide ?? 'new'} className={`usa-select${p.className}`} defaultValue={missingSide ?? 'employer'}>
              <option value="employer">the employer</option>
              <option value="union">the union</option>
            </select>
          )}
        </Field>
        <Field name="signatory" label="Spokesperson who initialed">
          {(p) => <input {...p} className={`usa-input${p.className}`} />}
        </Field>
        <OccurredAt label="When it was initialed" />
        {!chosen && (
          <fieldset className="usa-fieldset">
            <legend className="usa-legend">Agreed text</legend>
            <Field name="articles.0.article" label="Article">
              {(p) => <input {...p} className={`usa-input usa-input--small${p.className}`} value={article} onChange={(e) => setArticle(e.target.value)} />}
            </Field>
            <Field name="articles.0.text" label="Full agreed text">
              {(p) => <textarea {...p} className={`usa-textarea lrr-article-text${p.className}`} rows={8} value={text} onChange={(e) => setText(e.target.value)} />}
            </Field>
          </fieldset>
        )}
      </CommandForm>
    </>
  );
}
