import { StatusBadge, Time } from '../components/common.tsx';
import type { MatrixRow } from '../model.ts';
import { text } from '../text.ts';
import { CodeLines, type Mark } from './code-lines.tsx';
import { comparisonStatus, type Mismatch } from './comparison.ts';
import { SeverityLabel, mockPlaceText } from './interactions.tsx';
import type { Comparison } from './load.ts';
import { trailText, type Located } from './locate.ts';
import type { Interaction } from './pact.ts';

const t = text.contract.comparison;

const valueText = (value: unknown): string => {
  const written = typeof value === 'string' ? value : JSON.stringify(value);
  return written.length > 80 ? `${written.slice(0, 77)}…` : written;
};

function SpecPlace({ located }: { located: Located | undefined }) {
  if (located === undefined) return <span class="muted">{t.notLocated}</span>;
  return (
    <>
      <code>{trailText(located.trail)}</code> <span class="muted">({t.line(located.node.line, located.node.endLine)})</span>
      {located.remainder !== '' && <span class="muted small"> · {t.notInDocument(located.remainder)}</span>}
    </>
  );
}

export function MismatchList({
  mismatches,
  interactionOf,
  located,
  selected,
  onShowPact,
  onShowSpec,
}: {
  mismatches: readonly Mismatch[];
  interactionOf: (mismatch: Mismatch) => Interaction | undefined;
  located: ReadonlyMap<number, Located>;
  selected: number | null;
  onShowPact: (number: number) => void;
  onShowSpec: (number: number) => void;
}) {
  return (
    <ol class="mismatches">
      {mismatches.map((mismatch) => {
        const interaction = interactionOf(mismatch);
        const place = mockPlaceText(mismatch);
        const current = mismatch.number === selected;
        return (
          <li key={mismatch.number} id={`mismatch-${mismatch.number}`} class={`mismatch severity-box-${mismatch.severity}${current ? ' is-current' : ''}`} data-mismatch={mismatch.number} {...(current ? { 'aria-current': 'true' } : {})}>
            <p class="mismatch-head">
              <SeverityLabel severity={mismatch.severity} /> <strong>{t.mismatch(mismatch.number)}</strong> {mismatch.code !== '' && <code class="mismatch-code">{mismatch.code}</code>}
              {current && <span class="visually-hidden"> ({t.selected})</span>}
            </p>
            <p class="mismatch-message">{mismatch.message}</p>
            <dl class="mismatch-places">
              <dt>{t.inPact}</dt>
              <dd>
                {interaction === undefined ? (
                  <span class="muted">
                    {t.noInteraction} {mismatch.mock?.description ?? '–'}
                  </span>
                ) : (
                  <button type="button" class="link-button" onClick={() => onShowPact(mismatch.number)}>
                    {interaction.description}
                  </button>
                )}
                {place !== undefined && (
                  <>
                    {' '}
                    <code>{place}</code>
                  </>
                )}
                {mismatch.mock?.value !== undefined && (
                  <span class="muted small">
                    {' '}
                    · {t.value} <code>{valueText(mismatch.mock.value)}</code>
                  </span>
                )}
              </dd>
              <dt>{t.inSpec}</dt>
              <dd>
                {located.has(mismatch.number) ? (
                  <button type="button" class="link-button" onClick={() => onShowSpec(mismatch.number)}>
                    <SpecPlace located={located.get(mismatch.number)} />
                  </button>
                ) : (
                  <SpecPlace located={undefined} />
                )}
              </dd>
            </dl>
          </li>
        );
      })}
    </ol>
  );
}

/** The provider's OpenAPI document as published, each mismatch's place marked, the selected one highlighted and scrolled to. */
export function OpenApiDocument({
  comparison,
  mismatches,
  located,
  selected,
  scrollKey,
  onSelect,
}: {
  comparison: Comparison;
  mismatches: readonly Mismatch[];
  located: ReadonlyMap<number, Located>;
  selected: number | null;
  scrollKey: number;
  onSelect: (number: number) => void;
}) {
  const marks: Mark[] = mismatches.flatMap((mismatch) => {
    const place = located.get(mismatch.number);
    return place === undefined ? [] : [{ number: mismatch.number, line: place.node.line, endLine: place.node.endLine }];
  });
  const active = marks.find((mark) => mark.number === selected);
  const place = selected === null ? undefined : located.get(selected);
  const { contract } = comparison;
  return (
    <div class="openapi-document" id="openapi-document">
      <h3>{t.document}</h3>
      <p class="muted small">{t.documentOf(contract.provider, contract.providerVersion, contract.contentType)}</p>
      <p class="highlight-caption" role="status">
        {place === undefined || selected === null ? t.noneHighlighted : t.highlighted(selected, `${trailText(place.trail)}, ${t.line(place.node.line, place.node.endLine)}`)}
      </p>
      <CodeLines text={contract.content} marks={marks} active={active} onMark={onSelect} markLabel={t.markerLabel} moreLabel={t.moreMarks} label={t.document} scrollKey={scrollKey} class="openapi" />
    </div>
  );
}

export function ComparisonSummary({ row, comparison, provider }: { row: MatrixRow; comparison: Comparison; provider: string }) {
  const { result } = comparison;
  const status = comparisonStatus(result);
  const cross = result.crossContractVerificationResults;
  const self = comparison.contract.selfVerificationResults;
  return (
    <div class={`verdict ${status === 'success' ? 'verdict-yes' : status === 'failed' ? 'verdict-no' : ''}`}>
      <p class="verdict-line">
        <StatusBadge status={status} /> {t.comparedWith(provider, row.provider.version?.number ?? '')}
        {cross?.verificationDate !== undefined && (
          <>
            {' · '}
            <Time at={cross.verificationDate} />
          </>
        )}
      </p>
      {cross?.verifier !== undefined && <p class="muted small">{t.engine(cross.verifier, cross.verifierVersion ?? '')}</p>}
      <p class="small">
        {t.selfVerification}:{' '}
        {self === undefined ? (
          <span class="muted">{t.selfVerificationMissing}</span>
        ) : (
          <>
            <StatusBadge status={self.success ? 'success' : 'failed'} />
            {self.verifier !== undefined && <span class="muted"> {t.engine(self.verifier, self.verifierVersion ?? '')}</span>}
          </>
        )}
      </p>
      {status === 'pending' && <p>{t.pending}</p>}
      {cross?.results.failureReason !== undefined && (
        <p class="small">
          {t.failureReason}: {cross.results.failureReason}
        </p>
      )}
    </div>
  );
}
