/** Verification results: published by provider builds against a pact version (the content, not a consumer version). */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { VerificationResult } from '#domain/model.ts';
import { NotFound } from '#domain/errors.ts';
import { FieldChecker, type Body } from '#domain/validation.ts';
import { nowOf, type ServiceContext, type ReadContext } from './context.ts';
import { ensurePacticipant } from './pacticipants.ts';
import type { VerifiedScope } from './ports.ts';
import { missing } from '#domain/messages.ts';
import { verificationEvent } from './webhook-events.ts';

/** Compressed test results above this are not kept (an item holds 400 KB); the result itself always is. */
const MAX_TEST_RESULTS_BYTES = 300_000;

export async function publishVerification(
  context: ServiceContext,
  provider: string,
  consumer: string,
  sha: string,
  body: Body,
  /** The consumer version the verified pact's URL named (its metadata), when it named one. */
  options: { consumerVersion?: string } = {},
): Promise<{ result: VerificationResult; testResults: unknown }> {
  const checker = new FieldChecker(body);
  const success = body['success'];
  if (typeof success !== 'boolean') checker.add('success', 'must be true or false');
  const providerVersion = checker.requiredString('providerApplicationVersion');
  const buildUrl = checker.optionalString('buildUrl');
  if (typeof buildUrl === 'string' && buildUrl !== '' && !URL.canParse(buildUrl)) checker.add('buildUrl', 'must be a valid URL');
  checker.done();
  const pactVersion = await context.pacts.findPactVersion(consumer, provider, sha);
  if (pactVersion === undefined) throw new NotFound(missing.pactVersion(consumer, provider, sha));

  const now = nowOf(context);
  await ensurePacticipant(context, provider);
  await context.versions.createIfMissing(provider, providerVersion as string, {}, now);
  const result: VerificationResult = {
    number: await context.tenant.nextSequence(),
    consumer,
    provider,
    sha,
    providerVersion: providerVersion as string,
    success: success as boolean,
    verifiedAt: now,
    ...(typeof buildUrl === 'string' && buildUrl !== '' ? { buildUrl } : {}),
    ...(body['verifiedBy'] !== undefined && body['verifiedBy'] !== null ? { verifiedBy: body['verifiedBy'] } : {}),
  };
  const testResults = body['testResults'];
  const compressed = testResults === undefined ? undefined : gzipSync(Buffer.from(JSON.stringify(testResults), 'utf8'));
  const kept = compressed !== undefined && compressed.length <= MAX_TEST_RESULTS_BYTES ? compressed : undefined;
  await context.verifications.put(result, kept, await verificationEvent(context, result, options.consumerVersion === undefined ? {} : { consumerVersion: options.consumerVersion }));
  if (result.success) {
    // Remember where this content is now accepted (pending status is computed from these markers).
    const details = await context.versions.findDetails(provider, result.providerVersion);
    const scopes: VerifiedScope[] = ['any', ...(details?.branches ?? []).map((branch) => ({ branch: branch.branch })), ...(details?.tags ?? []).map((tag) => ({ tag: tag.name }))];
    for (const scope of scopes) await context.verifications.markVerified(consumer, provider, sha, scope, now, result.providerVersion);
  }
  return { result, testResults: kept === undefined ? undefined : testResults };
}

export async function getVerification(context: ReadContext, provider: string, consumer: string, sha: string, number: string): Promise<{ result: VerificationResult; testResults: unknown }> {
  const parsed = Number(number);
  const stored = Number.isSafeInteger(parsed) && parsed > 0 ? await context.verifications.find(consumer, provider, sha, parsed) : undefined;
  if (stored === undefined) throw new NotFound(missing.verification(number));
  const { testResults, ...result } = stored;
  return { result, testResults: testResults === undefined ? undefined : JSON.parse(gunzipSync(Buffer.from(testResults)).toString('utf8')) };
}

/** The most recent result published for a pact version, by any provider version. */
export async function getLatestVerification(context: ReadContext, provider: string, consumer: string, sha: string): Promise<{ result: VerificationResult; testResults: unknown }> {
  const latest = await context.verifications.listLatestOfPactVersion(consumer, provider, sha);
  const newest = latest.sort((a, b) => b.number - a.number)[0];
  if (newest === undefined) throw new NotFound(missing.latestVerification(consumer, provider, sha));
  return getVerification(context, provider, consumer, sha, String(newest.number));
}
