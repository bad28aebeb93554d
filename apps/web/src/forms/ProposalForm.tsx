import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { read } from '../api/read';
import type { ArticleChain, NegotiationState, Side } from '../api/views';
import { NegotiationNav } from '../components/NegotiationNav';
import { Failure, Loading } from '../components/Status';
import { CommandForm, Field, OccurredAt, occurredAtOf, textOf, useCommand } from './kit';

interface ArticleDraft {
  readonly key: number;
  article: string;
  text: string;
}

/** Table a proposal, or a counterproposal answering one of the other side's (its text prefilled with the position it answers). */
export function ProposalForm() {
  const { negotiationId } = useParams({ strict: false }) as { negotiationId: string };
  const search = useSearch({ strict: false }) as { respondsTo?: string; article?: string };
  const state = useQuery({ queryKey: ['negotiation', negotiationId], queryFn: () => unwrap(api.GET('/negotiations/{negotiationId}', { params: { path: { negotiationId } } })) });
  const negotiation = state.data?.negotiation as NegotiationState | undefined;
  const [respondsTo, setRespondsTo] = useState(search.respondsTo ?? '');
  const answered = respondsTo && negotiation ? negotiation.proposals[respondsTo] : undefined;
  const side: Side | undefined = answered ? (answered.side === 'employer' ? 'union' : 'employer') : undefined;
  const articles = answered ? (search.article && answered.articles.includes(search.article) ? [search.article] : answered.articles) : [];
  // The text each answered article stands at: the chain of that article, read from the API.
  const chains = useQuery({
    queryKey: ['prefill', negotiationId, respondsTo, articles.join(',')],
    enabled: articles.length > 0,
    queryFn: () => Promise.all(articles.map((article) => read<ArticleChain>(api.GET('/negotiations/{negotiationId}/articles/{article}/history', { params: { path: { negotiationId, article } } })))),
  });
  if (state.isPending) return <Loading what="the negotiation" />;
  if (state.isError) return <Failure error={state.error} what="negotiation" />;
  const open = Object.values(negotiation?.proposals ?? {}).filter((p) => p.status === 'on-table');
  const prefill = answered
    ? articles.map((article, i) => {
        const entry = chains.data?.[i]?.entries.find((e) => e.proposalId === respondsTo);
        return { key: i, article, text: entry?.correctedText ?? entry?.text ?? '' };
      })
    : [{ key: 0, article: search.article ?? '', text: '' }];
  return (
    <>
      <NegotiationNav negotiationId={negotiationId} />
      <div className="usa-form-group lrr-narrow">
        <label className="usa-label" htmlFor="respondsTo">
          Answers
        </label>
        <span className="usa-hint" id="respondsTo-hint">
          A counterproposal answers one of the other side’s proposals; its articles start from that proposal’s text.
        </span>
        <select className="usa-select" id="respondsTo" aria-describedby="respondsTo-hint" value={respondsTo} onChange={(e) => setRespondsTo(e.target.value)}>
          <option value="">nothing: a new proposal</option>
          {open.map((p) => (
            <option key={p.proposalId} value={p.proposalId}>
              {p.number} ({p.side}, {p.form}, {p.tabledOn}; articles {p.articles.join(', ')})
            </option>
          ))}
        </select>
      </div>
      {answered && chains.isPending ? (
        <Loading what="the text it answers" />
      ) : (
        <ProposalFields key={`${respondsTo}|${chains.dataUpdatedAt}`} negotiationId={negotiationId} respondsTo={respondsTo || undefined} side={side} prefill={prefill} answeredNumber={answered?.number} />
      )}
    </>
  );
}

function ProposalFields({ negotiationId, respondsTo, side, prefill, answeredNumber }: { negotiationId: string; respondsTo?: string; side?: Side; prefill: ArticleDraft[]; answeredNumber?: string }) {
  const [drafts, setDrafts] = useState<ArticleDraft[]>(prefill);
  const command = useCommand(
    (body) =>
      respondsTo
        ? unwrap(api.POST('/negotiations/{negotiationId}/counterproposals', { params: { path: { negotiationId } }, body: body as never }))
        : unwrap(api.POST('/negotiations/{negotiationId}/proposals', { params: { path: { negotiationId } }, body: body as never })),
    [['summary', negotiationId], ['negotiation', negotiationId], ['articles', negotiationId], ['timeline', negotiationId], ['article-history', negotiationId]],
  );
  const update = (index: number, patch: Partial<ArticleDraft>) => setDrafts((all) => all.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  return (
    <CommandForm
      title={respondsTo ? `Table a counterproposal to ${answeredNumber ?? respondsTo}` : 'Table a proposal'}
      submitLabel={respondsTo ? 'Table the counterproposal' : 'Table the proposal'}
      pending={command.isPending}
      error={command.error}
      answer={command.data}
      done={
        <p>
          <Link to="/negotiation/$negotiationId/articles" params={{ negotiationId }}>
            Back to the article board
          </Link>
        </p>
      }
      onSubmit={(form) => {
        const body = {
          side: textOf(form, 'side'),
          number: textOf(form, 'number'),
          occurredAt: occurredAtOf(form),
          articles: drafts.map((d, i) => ({ article: d.article.trim(), changeKind: textOf(form, `articles.${i}.changeKind`) || 'amend', text: d.text, title: d.article.trim() ? `Article ${d.article.trim()}` : null })),
          ...(respondsTo && { respondsTo }),
        };
        command.mutate(body);
      }}
    >
      <Field name="side" label="Tabled by">
        {(p) => (
          <select {...p} className={`usa-select${p.className}`} defaultValue={side ?? 'employer'}>
            <option value="employer">the employer</option>
            <option value="union">the union</option>
          </select>
        )}
      </Field>
      <Field name="number" label="Proposal number" hint="As written on the proposal, e.g. D-3 or U-2">
        {(p) => <input {...p} className={`usa-input usa-input--medium${p.className}`} />}
      </Field>
      <OccurredAt label="When it was passed across the table" />
      {drafts.map((d, i) => (
        <fieldset key={d.key} className="usa-fieldset lrr-article-draft">
          <legend className="usa-legend">Article {i + 1}</legend>
          <Field name={`articles.${i}.article`} label="Article">
            {(p) => <input {...p} className={`usa-input usa-input--small${p.className}`} value={d.article} onChange={(e) => update(i, { article: e.target.value })} />}
          </Field>
          <Field name={`articles.${i}.changeKind`} label="Kind of change">
            {(p) => (
              <select {...p} className={`usa-select${p.className}`} defaultValue="amend">
                <option value="amend">amend</option>
                <option value="new">new</option>
                <option value="delete">delete</option>
                <option value="current-language">current language</option>
              </select>
            )}
          </Field>
          <Field name={`articles.${i}.text`} label="Full text" hint={respondsTo ? 'Starts from the text it answers: edit it to this side’s position.' : undefined}>
            {(p) => <textarea {...p} className={`usa-textarea lrr-article-text${p.className}`} rows={8} value={d.text} onChange={(e) => update(i, { text: e.target.value })} />}
          </Field>
          {drafts.length > 1 && (
            <button type="button" className="usa-button usa-button--unstyled" onClick={() => setDrafts((all) => all.filter((_, j) => j !== i))}>
              Remove article {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      <p>
        <button type="button" className="usa-button usa-button--outline" onClick={() => setDrafts((all) => [...all, { key: Math.max(...all.map((x) => x.key)) + 1, article: '', text: '' }])}>
          Add an article
        </button>
      </p>
    </CommandForm>
  );
}
