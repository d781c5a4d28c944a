/** HAL helpers: base URL, hrefs with percent-encoded names, links. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface Link {
  readonly href: string;
  readonly title?: string;
  readonly name?: string;
  readonly templated?: boolean;
}

export const HAL_CONTENT_TYPE = 'application/hal+json;charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/**
 * The broker's public base URL. A configured `BROKER_BASE_URL` wins (a custom domain, a path prefix). Otherwise the
 * domain API Gateway says it was called on (not a client-supplied Host header); the local server fills that in.
 */
export function baseUrlOf(event: APIGatewayProxyEventV2): string {
  const configured = process.env['BROKER_BASE_URL'];
  if (configured !== undefined && configured !== '') return configured.replace(/\/+$/, '');
  const proto = event.headers?.['x-forwarded-proto'] ?? 'https';
  return `${proto}://${event.requestContext.domainName}`;
}

/** Builds absolute hrefs under the base URL; every name is encoded as one path segment. */
export class Links {
  constructor(readonly base: string) {}

  /** `url('pacticipants', name, 'versions', number)`: literal segments and names alike are encoded. */
  url(...segments: string[]): string {
    return `${this.base}/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
  }

  /** A templated href: `{placeholders}` are kept as they are, other segments encoded. */
  template(...segments: string[]): string {
    return `${this.base}/${segments.map((segment) => (/^\{\w+\}$/.test(segment) ? segment : encodeURIComponent(segment))).join('/')}`;
  }

  pacticipant(name: string): string {
    return this.url('pacticipants', name);
  }

  version(pacticipant: string, number: string): string {
    return this.url('pacticipants', pacticipant, 'versions', number);
  }

  environment(uuid: string): string {
    return this.url('environments', uuid);
  }
}

/** Drops undefined properties (the reference omits nulls everywhere but the matrix). */
export function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/** Header values must be printable ASCII: anything else (a version named with emoji, say) is percent-encoded. */
export function headerValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}
