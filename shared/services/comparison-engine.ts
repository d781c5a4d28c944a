/**
 * Running comparisons: the pact-vs-OpenAPI engine and the use case that stores its result. Only the comparison worker
 * imports this module, so the engine (half a megabyte of bundle) is not loaded by the read routes, which only enqueue
 * comparisons (./comparisons.ts).
 */
import { comparisonEvent } from './webhook-events.ts';
import * as comparatorModule from '@pactflow/openapi-pact-comparator';
import type { ComparisonFinding, ComparisonJob, ComparisonResult } from '#domain/model.ts';
import { nowOf, type ServiceContext } from './context.ts';
import { parseDocument } from '#domain/documents.ts';

export const ENGINE = '@pactflow/openapi-pact-comparator';
/**
 * Recorded with every result. The package does not export its package.json (and a Lambda bundle has none), so the
 * version is pinned exactly in package.json and here; a unit test keeps the two equal.
 */
export const ENGINE_VERSION = '2.3.1';

/**
 * Runs one comparison and stores its complete result in one conditional put. A duplicate delivery finds the result
 * there and does nothing. Returns the result, or undefined when a content is missing (then the job is dropped).
 */
export async function runComparison(context: ServiceContext, job: Omit<ComparisonJob, 'tenant'>): Promise<ComparisonResult | undefined> {
  const existing = await context.comparisons.find(job);
  if (existing !== undefined) return existing;
  const [pactText, oasText] = await Promise.all([context.pacts.findPactContent(job.consumer, job.provider, job.pactSha), context.providerContracts.findContent(job.provider, job.oasSha)]);
  if (pactText === undefined || oasText === undefined) return undefined;
  const findings = await compare(JSON.parse(pactText) as Record<string, unknown>, parseDocument(oasText));
  const result: ComparisonResult = {
    consumer: job.consumer,
    provider: job.provider,
    pactSha: job.pactSha,
    oasSha: job.oasSha,
    success: !findings.some((finding) => finding.type === 'error'),
    errors: findings.filter((finding) => finding.type === 'error'),
    warnings: findings.filter((finding) => finding.type === 'warning'),
    engine: ENGINE,
    engineVersion: ENGINE_VERSION,
    comparedAt: nowOf(context),
    ...(job.providerVersion === undefined ? {} : { providerVersion: job.providerVersion }),
  };
  await context.comparisons.put(result, await comparisonEvent(context, result, job));
  return result;
}

/**
 * The part of the engine we use. Its published type declarations do not resolve under `nodenext` (they re-export
 * extensionless paths), so the shape is declared here, as its README documents it.
 */
interface ComparatorEngine {
  new (options: { oas: Record<string, unknown> }): { compare(pact: Record<string, unknown>): AsyncGenerator<unknown> };
}
const { Comparator } = comparatorModule as unknown as { Comparator: ComparatorEngine };

/** The engine's findings for one pact against one OpenAPI document. */
export async function compare(pact: Record<string, unknown>, oas: Record<string, unknown>): Promise<ComparisonFinding[]> {
  const comparator = new Comparator({ oas });
  const findings: ComparisonFinding[] = [];
  for await (const result of comparator.compare(pact)) {
    findings.push(JSON.parse(JSON.stringify(result)) as ComparisonFinding); // plain data: it is stored as it is
  }
  return findings;
}
