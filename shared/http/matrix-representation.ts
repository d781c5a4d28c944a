/** The matrix response (docs/wire-contract.md §14.3): summary, notices (all the text the Rust CLI prints), rows with explicit nulls. */
import { formatTimestamp } from '#domain/time.ts';
import type { MatrixRow } from '#domain/matrix/evaluate.ts';
import { DEFAULT_MATRIX_LIMIT, MAX_MATRIX_LIMIT } from '#domain/matrix/query.ts';
import type { MatrixResult } from '#services/matrix.ts';
import type { Links } from './hal.ts';
import { pactHref, verificationHref } from './pact-representations.ts';
import { comparisonHref } from './provider-contract-representations.ts';
import { matrixNotices } from '#domain/messages.ts';

const versionBody = (links: Links, pacticipant: string, number: string) => ({ number, _links: { self: { href: links.version(pacticipant, number) } } });

function rowBody(links: Links, row: MatrixRow, withVerificationType: boolean) {
  const consumer = row.consumerVersion.pacticipant;
  return {
    consumer: { name: consumer, version: versionBody(links, consumer, row.consumerVersion.number), _links: { self: { href: links.pacticipant(consumer) } } },
    provider: {
      name: row.provider,
      version: row.providerVersion === null ? null : versionBody(links, row.provider, row.providerVersion.number),
      _links: { self: { href: links.pacticipant(row.provider) } },
    },
    pact: {
      createdAt: formatTimestamp(row.pact.createdAt),
      _links: { self: { href: pactHref(links, { consumer, provider: row.provider, consumerVersion: row.pact.consumerVersion }) } },
    },
    verificationResult:
      row.verification === null
        ? null
        : {
            success: row.verification.success,
            verifiedAt: formatTimestamp(row.verification.verifiedAt),
            _links: {
              self: {
                href:
                  row.verification.type === 'BDCT' && row.providerVersion !== null
                    ? comparisonHref(links, row.provider, row.providerVersion.number, consumer, row.pact.sha)
                    : verificationHref(links, { consumer, provider: row.provider, sha: row.pact.sha, number: row.verification.number }),
              },
            },
          },
    // PactFlow's column: present (on every row) only when some row is bi-directional, so classic output is unchanged.
    ...(withVerificationType ? { verificationType: row.verification?.type ?? (row.comparisonPending ? 'BDCT' : row.verification === null ? null : 'CDCT') } : {}),
    ...(row.ignored ? { ignored: true } : {}),
  };
}

export function matrixResource(links: Links, result: MatrixResult) {
  const { decision } = result;
  const notices = matrixNotices(decision.reasons);
  const withVerificationType = result.rows.some((row) => row.comparisonPending || row.verification?.type === 'BDCT');
  return {
    summary: {
      deployable: decision.deployable,
      reason: notices.map((notice) => notice.text).join('\n'),
      success: decision.success,
      failed: decision.failed,
      unknown: decision.unknown,
      ...(decision.ignored === undefined ? {} : { ignored: decision.ignored }),
    },
    notices,
    // The decision counts every row; the listing shows at most `limit` of them (100 without `latestby`, as the reference).
    matrix: result.rows
      .filter((row) => result.facts.query.success === undefined || result.facts.query.success.includes(row.verification?.success ?? null))
      .slice(0, result.facts.query.limit ?? (result.facts.query.latestby === undefined ? DEFAULT_MATRIX_LIMIT : MAX_MATRIX_LIMIT))
      .map((row) => rowBody(links, row, withVerificationType)),
  };
}
