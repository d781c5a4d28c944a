/** The comparison queue's message: one (pact content, provider contract content) pair of one tenant. */
import type { ComparisonJob } from '#domain/model.ts';

export function toMessageBody(job: ComparisonJob): string {
  return JSON.stringify({ v: 1, ...job });
}

/** Parses a message body; throws with a reason when it is not a comparison job (it then goes to the DLQ). */
export function parseMessageBody(body: string): ComparisonJob {
  const value = JSON.parse(body) as Record<string, unknown>;
  const fields = ['tenant', 'consumer', 'provider', 'pactSha', 'oasSha'] as const;
  for (const field of fields) {
    if (typeof value[field] !== 'string' || value[field] === '') throw new Error(`Comparison message has no ${field}`);
  }
  const optional = (field: 'providerVersion' | 'baseUrl') => (typeof value[field] === 'string' && value[field] !== '' ? { [field]: value[field] as string } : {});
  return {
    tenant: value['tenant'] as string,
    consumer: value['consumer'] as string,
    provider: value['provider'] as string,
    pactSha: value['pactSha'] as string,
    oasSha: value['oasSha'] as string,
    ...optional('providerVersion'),
    ...optional('baseUrl'),
  };
}
