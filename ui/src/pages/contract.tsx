/**
 * A pact (one consumer version's contract with one provider): its interactions, the verification of its content, the
 * bi-directional comparisons it had with the provider's OpenAPI document (each mismatch located in both documents),
 * and its differences from another version (`?compare=<consumer version>`).
 */
import { useMemo, useState } from 'preact/hooks';
import { ErrorNotice, Loaded, Section, StatusBadge, Time, type Status } from '../components/common.tsx';
import { useResource, type Resource } from '../hooks.ts';
import type { MatrixRow } from '../model.ts';
import { to } from '../routes.ts';
import { text } from '../text.ts';
import { interactionOf, locateMismatches, mismatchesByInteraction, mismatchesOf } from '../contract/comparison.ts';
import { ComparisonSummary, MismatchList, OpenApiDocument } from '../contract/comparison-view.tsx';
import { diffInteractions } from '../contract/diff.ts';
import { DiffResult } from '../contract/diff-view.tsx';
import { InteractionList, type Jump } from '../contract/interactions.tsx';
import {
  comparisonRows,
  loadComparison,
  loadPact,
  loadPactVersions,
  loadVerificationStatus,
  matrixQuery,
  pactShaOf,
  type Comparison,
  type PactResource,
  type PactVersionItem,
  type VerificationStatus,
} from '../contract/load.ts';
import { outlineDocument } from '../contract/outline.ts';
import { readPact, type Pact } from '../contract/pact.ts';

const t = text.contract;

interface Props {
  consumer: string;
  provider: string;
  version: string;
  query: URLSearchParams;
}

export function ContractPage({ consumer, provider, version, query }: Props) {
  const pact = useResource(`pact:${consumer}:${provider}:${version}`, (signal) => loadPact(consumer, provider, version, signal));
  return (
    <div class="contract-page">
      <h1>{t.title(consumer, provider)}</h1>
      <Loaded resource={pact}>{(resource) => <ContractView consumer={consumer} provider={provider} version={version} compare={query.get('compare') ?? ''} resource={resource} />}</Loaded>
    </div>
  );
}

function Facts({ consumer, provider, version, resource, pact }: { consumer: string; provider: string; version: string; resource: PactResource; pact: Pact }) {
  const sha = pactShaOf(resource);
  return (
    <section class="card" aria-label={t.facts}>
      <dl class="contract-facts">
        <div>
          <dt>{t.consumer}</dt>
          <dd>
            <a href={to.application(consumer)}>{consumer}</a>
          </dd>
        </div>
        <div>
          <dt>{t.provider}</dt>
          <dd>
            <a href={to.application(provider)}>{provider}</a>
          </dd>
        </div>
        <div>
          <dt>{t.consumerVersion}</dt>
          <dd>
            <a href={to.application(consumer, { version })}>{version}</a>
          </dd>
        </div>
        <div>
          <dt>{t.specification}</dt>
          <dd>{pact.specification ?? <span class="muted">{t.unknownSpecification}</span>}</dd>
        </div>
        <div>
          <dt>{t.published}</dt>
          <dd>
            <Time at={resource.createdAt} />
          </dd>
        </div>
        {sha !== undefined && (
          <div>
            <dt>{t.content}</dt>
            <dd>
              <code title={`${t.contentTitle}: ${sha}`}>{sha.slice(0, 12)}</code>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

const rowStatus = (row: MatrixRow): Status => (row.verificationResult === null ? (row.verificationType === 'BDCT' ? 'pending' : 'unverified') : row.verificationResult.success ? 'success' : 'failed');

function VerificationSection({ status, consumer, provider, version }: { status: Resource<VerificationStatus>; consumer: string; provider: string; version: string }) {
  const v = t.verification;
  return (
    <Section title={v.title} id="contract-verification">
      <Loaded resource={status}>
        {({ latest, rows, matrixError }) => {
          const comparisons = comparisonRows(rows);
          const latestComparison = comparisons[0];
          return (
            <>
              <dl class="verification-facts">
                <div>
                  <dt>{v.latest}</dt>
                  <dd>
                    {latest === null ? (
                      <>
                        <StatusBadge status="unverified" /> <span class="muted">{v.none}</span>
                      </>
                    ) : (
                      <>
                        <StatusBadge status={latest.success ? 'success' : 'failed'} /> {v.by(latest.providerName ?? provider, latest.providerApplicationVersion)} · <Time at={latest.verificationDate} />
                      </>
                    )}
                  </dd>
                </div>
                {latestComparison !== undefined && (
                  <div>
                    <dt>{v.latestComparison}</dt>
                    <dd>
                      <StatusBadge status={rowStatus(latestComparison)} /> {v.by(provider, latestComparison.provider.version?.number ?? '')}
                      {latestComparison.verificationResult !== null && (
                        <>
                          {' · '}
                          <Time at={latestComparison.verificationResult.verifiedAt} />
                        </>
                      )}
                    </dd>
                  </div>
                )}
              </dl>
              {matrixError !== undefined && (
                <p class="small">
                  {v.matrixUnavailable} {matrixError.message}
                </p>
              )}
              {rows.length > 0 && (
                <details class="verification-rows">
                  <summary>{v.all(rows.length)}</summary>
                  <div class="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{v.providerVersion}</th>
                          <th scope="col">{v.kind}</th>
                          <th scope="col">{v.result}</th>
                          <th scope="col">{v.when}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((row, index) => (
                          <tr key={index}>
                            <th scope="row">{row.provider.version?.number ?? '–'}</th>
                            <td>{row.verificationType === 'BDCT' ? v.kinds.BDCT : row.verificationResult === null ? <span class="muted">–</span> : v.kinds.CDCT}</td>
                            <td>
                              <StatusBadge status={rowStatus(row)} />
                            </td>
                            <td>
                              <Time at={row.verificationResult?.verifiedAt} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </details>
              )}
              <p class="small">
                <a href={to.matrix(matrixQuery(consumer, version, provider))}>{v.openMatrix}</a>
              </p>
            </>
          );
        }}
      </Loaded>
    </Section>
  );
}

function ContractView({ consumer, provider, version, compare, resource }: { consumer: string; provider: string; version: string; compare: string; resource: PactResource }) {
  const pact = useMemo(() => readPact(resource), [resource]);
  const sha = pactShaOf(resource);
  const status = useResource(`status:${consumer}:${provider}:${version}:${sha}`, (signal) => loadVerificationStatus(resource, consumer, provider, version, signal));
  const rows = status.state === 'ready' ? comparisonRows(status.data.rows) : [];
  const [chosenProviderVersion, setChosenProviderVersion] = useState<string | null>(null);
  const row = rows.find((candidate) => candidate.provider.version?.number === chosenProviderVersion) ?? rows[0];
  const comparisonKey = row === undefined ? null : `comparison:${consumer}:${provider}:${sha}:${row.provider.version?.number}`;
  const comparison = useResource(comparisonKey, (signal) => loadComparison(row as MatrixRow, consumer, provider, sha, signal));
  const ready = comparisonKey !== null && comparison.state === 'ready' ? comparison.data : undefined;

  const mismatches = useMemo(() => (ready === undefined ? [] : mismatchesOf(ready.result.crossContractVerificationResults)), [ready]);
  const outline = useMemo(() => (ready === undefined ? undefined : outlineDocument(ready.contract.content)), [ready]);
  const located = useMemo(() => (outline === undefined ? new Map() : locateMismatches(mismatches, outline)), [mismatches, outline]);
  const byInteraction = useMemo(() => mismatchesByInteraction(mismatches, pact.interactions), [mismatches, pact]);

  const [selected, setSelected] = useState<number | null>(null);
  const [jump, setJump] = useState<Jump | null>(null);
  const [specScroll, setSpecScroll] = useState(0);
  const current = mismatches.some((mismatch) => mismatch.number === selected) ? selected : null;

  const showInPact = (number: number) => {
    setSelected(number);
    const mismatch = mismatches.find((candidate) => candidate.number === number);
    const interaction = mismatch === undefined ? undefined : interactionOf(mismatch, pact.interactions);
    if (interaction !== undefined) setJump({ id: interaction.id, nonce: Date.now() });
  };
  const showInSpec = (number: number) => {
    setSelected(number);
    setSpecScroll((count) => count + 1);
    requestAnimationFrame(() => document.getElementById('openapi-document')?.scrollIntoView({ block: 'start' }));
  };

  return (
    <>
      <Facts consumer={consumer} provider={provider} version={version} resource={resource} pact={pact} />
      <VerificationSection status={status} consumer={consumer} provider={provider} version={version} />
      {rows.length > 0 && (
        <Section title={t.comparison.title} id="contract-comparison">
          <p class="intro">{t.comparison.intro(provider)}</p>
          {rows.length > 1 && (
            <div class="row">
              <label>
                {t.comparison.providerVersion}
                <select value={row?.provider.version?.number ?? ''} onChange={(event) => setChosenProviderVersion((event.target as HTMLSelectElement).value)}>
                  {rows.map((candidate) => (
                    <option key={candidate.provider.version?.number} value={candidate.provider.version?.number ?? ''}>
                      {t.comparison.option(candidate.provider.version?.number ?? '', text.status[rowStatus(candidate)])}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          {comparison.state === 'error' ? (
            <>
              <p>{t.comparison.unavailable}</p>
              <ErrorNotice error={comparison.error} />
            </>
          ) : (
            <Loaded resource={comparison}>
              {(loaded: Comparison) => (
                <>
                  {row !== undefined && <ComparisonSummary row={row} comparison={loaded} provider={provider} />}
                  {loaded.result.crossContractVerificationResults !== null && (
                    <>
                      <h3>{t.comparison.mismatches(mismatches.length)}</h3>
                      {mismatches.length === 0 ? (
                        <p class="empty">{t.comparison.noMismatches}</p>
                      ) : (
                        <MismatchList
                          mismatches={mismatches}
                          interactionOf={(mismatch) => interactionOf(mismatch, pact.interactions)}
                          located={located}
                          selected={current}
                          onShowPact={showInPact}
                          onShowSpec={showInSpec}
                        />
                      )}
                    </>
                  )}
                  <OpenApiDocument comparison={loaded} mismatches={mismatches} located={located} selected={current} scrollKey={specScroll} onSelect={(number) => showInSpec(number)} />
                </>
              )}
            </Loaded>
          )}
        </Section>
      )}
      <DifferencesSection consumer={consumer} provider={provider} version={version} compare={compare} pact={pact} sha={sha} />
      <Section title={t.interactions.title(pact.interactions.length)} id="contract-interactions">
        <InteractionList interactions={pact.interactions} mismatchesById={byInteraction} selected={current} jump={jump} onShowSpec={ready === undefined ? undefined : showInSpec} />
      </Section>
    </>
  );
}

function DifferencesSection({ consumer, provider, version, compare, pact, sha }: { consumer: string; provider: string; version: string; compare: string; pact: Pact; sha: string | undefined }) {
  const d = t.diff;
  const versions = useResource(`pact-versions:${consumer}:${provider}`, (signal) => loadPactVersions(consumer, provider, signal));
  const other = useResource(compare === '' || compare === version ? null : `pact:${consumer}:${provider}:${compare}`, (signal) => loadPact(consumer, provider, compare, signal));
  const navigate = (otherVersion: string) => {
    window.location.hash = to.contract(consumer, provider, version, otherVersion === '' ? {} : { compare: otherVersion }).slice(1);
  };
  return (
    <Section title={d.title} id="contract-differences">
      <Loaded resource={versions}>
        {(items: PactVersionItem[]) => {
          const others = items.filter((item) => item.number !== version);
          if (others.length === 0 && compare === '') return <p class="empty">{d.noOthers}</p>;
          return (
            <div class="row">
              <label>
                {d.compareWith}
                <select value={compare} onChange={(event) => navigate((event.target as HTMLSelectElement).value)}>
                  <option value="">{d.choose}</option>
                  {compare !== '' && !others.some((item) => item.number === compare) && <option value={compare}>{compare}</option>}
                  {others.map((item) => (
                    <option key={item.number} value={item.number}>
                      {d.versionOption(item.number, new Date(item.createdAt).toLocaleString())}
                    </option>
                  ))}
                </select>
              </label>
              {compare !== '' && compare !== version && (
                <a class="small" href={to.contract(consumer, provider, compare, { compare: version })}>
                  {d.swap}
                </a>
              )}
            </div>
          );
        }}
      </Loaded>
      {compare !== '' && compare !== version && (
        <Loaded resource={other}>
          {(otherResource: PactResource) => {
            const before = readPact(otherResource);
            const entries = diffInteractions(before.interactions, pact.interactions);
            const sameContent = sha !== undefined && pactShaOf(otherResource) === sha;
            return (
              <>
                {sameContent && <p class="muted">{d.sameContent}</p>}
                <DiffResult entries={entries} from={compare} to={version} />
              </>
            );
          }}
        </Loaded>
      )}
    </Section>
  );
}
