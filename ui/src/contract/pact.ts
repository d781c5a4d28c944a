/**
 * A pact document (specification 1 to 4) read into one shape the page shows: HTTP interactions, v3 messages and v4
 * asynchronous and synchronous messages, each with its description, provider states, request and response. No DOM.
 */

export interface ProviderState {
  readonly name: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface Body {
  /** `json` is shown pretty-printed; `text` as written; `encoded` (v4 base64 and the like) as written with a note. */
  readonly kind: 'json' | 'text' | 'encoded';
  readonly text: string;
  /** The parsed value of a JSON body (what a location in it is read against). */
  readonly value?: unknown;
  readonly contentType?: string;
}

export type Pairs = readonly (readonly [string, string])[];

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Pairs;
  readonly headers: Pairs;
  readonly body?: Body;
}

export interface HttpResponse {
  readonly status: string;
  readonly headers: Pairs;
  readonly body?: Body;
}

export interface Message {
  readonly contents?: Body;
  readonly metadata: Pairs;
}

export type InteractionKind = 'http' | 'message' | 'sync-message' | 'other';

export interface Interaction {
  /** Where it is in the document: `interactions` (v1–v4) or `messages` (v3 message pacts). */
  readonly list: 'interactions' | 'messages';
  readonly index: number;
  /** A stable id for the page (`interaction-0`, `message-3`). */
  readonly id: string;
  readonly kind: InteractionKind;
  /** The v4 `type` as written. */
  readonly type?: string;
  readonly description: string;
  readonly states: readonly ProviderState[];
  readonly pending: boolean;
  readonly request?: HttpRequest;
  readonly response?: HttpResponse;
  /** An asynchronous message's contents. */
  readonly message?: Message;
  /** A synchronous message's request and its responses. */
  readonly messageRequest?: Message;
  readonly messageResponses?: readonly Message[];
  /** The interaction as published. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface Pact {
  readonly consumer?: string;
  readonly provider?: string;
  readonly specification?: string;
  readonly interactions: readonly Interaction[];
}

type Rec = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Rec => value !== null && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);

/** The pact specification version the document declares (v1 to v4 spell it three ways). */
export function specificationOf(document: unknown): string | undefined {
  const metadata = isRecord(document) ? document['metadata'] : undefined;
  if (!isRecord(metadata)) return undefined;
  const nested = (key: string): string | undefined => {
    const value = metadata[key];
    return isRecord(value) ? str(value['version']) : undefined;
  };
  return nested('pactSpecification') ?? nested('pact-specification') ?? str(metadata['pactSpecificationVersion']);
}

export function readPact(document: unknown): Pact {
  const record = isRecord(document) ? document : {};
  const specification = specificationOf(record);
  const v4 = specification !== undefined && Number.parseInt(specification, 10) >= 4;
  const name = (value: unknown) => (isRecord(value) ? str(value['name']) : undefined);
  const read = (list: 'interactions' | 'messages') => {
    const items = record[list];
    if (!Array.isArray(items)) return [];
    return items.flatMap((item, index) => (isRecord(item) ? [readInteraction(item, list, index, v4)] : []));
  };
  const consumer = name(record['consumer']);
  const provider = name(record['provider']);
  return {
    ...(consumer === undefined ? {} : { consumer }),
    ...(provider === undefined ? {} : { provider }),
    ...(specification === undefined ? {} : { specification }),
    interactions: [...read('interactions'), ...read('messages')],
  };
}

export function statesOf(raw: Rec): ProviderState[] {
  const states = raw['providerStates'];
  if (Array.isArray(states)) {
    return states.flatMap((state) => {
      if (typeof state === 'string') return [{ name: state }];
      if (!isRecord(state)) return [];
      const stateName = str(state['name']) ?? '';
      return [isRecord(state['params']) && Object.keys(state['params']).length > 0 ? { name: stateName, params: state['params'] } : { name: stateName }];
    });
  }
  const single = str(raw['providerState']) ?? str(raw['provider_state']);
  return single === undefined || single === '' ? [] : [{ name: single }];
}

function readInteraction(raw: Rec, list: 'interactions' | 'messages', index: number, v4: boolean): Interaction {
  const type = str(raw['type']);
  const base = {
    list,
    index,
    id: `${list === 'messages' ? 'message' : 'interaction'}-${index}`,
    description: str(raw['description']) ?? '',
    states: statesOf(raw),
    pending: raw['pending'] === true,
    raw,
    ...(type === undefined ? {} : { type }),
  };
  const kind: InteractionKind =
    list === 'messages' || type === 'Asynchronous/Messages'
      ? 'message'
      : type === 'Synchronous/Messages'
        ? 'sync-message'
        : type === undefined || type === 'Synchronous/HTTP'
          ? isRecord(raw['request']) || isRecord(raw['response'])
            ? 'http'
            : 'other'
          : 'other';
  const v4Style = v4 || type !== undefined;
  if (kind === 'http') {
    const request = isRecord(raw['request']) ? raw['request'] : {};
    const response = isRecord(raw['response']) ? raw['response'] : {};
    const requestBody = bodyOf(request, 'body', v4Style, headerValue(request['headers'], 'content-type'));
    const responseBody = bodyOf(response, 'body', v4Style, headerValue(response['headers'], 'content-type'));
    return {
      ...base,
      kind,
      request: {
        method: (str(request['method']) ?? '').toUpperCase(),
        path: str(request['path']) ?? '',
        query: queryPairs(request['query']),
        headers: pairs(request['headers']),
        ...(requestBody === undefined ? {} : { body: requestBody }),
      },
      response: { status: str(response['status']) ?? '', headers: pairs(response['headers']), ...(responseBody === undefined ? {} : { body: responseBody }) },
    };
  }
  if (kind === 'message') return { ...base, kind, message: messageOf(raw, v4Style && list !== 'messages') };
  if (kind === 'sync-message') {
    const responses = Array.isArray(raw['response']) ? raw['response'].filter(isRecord) : isRecord(raw['response']) ? [raw['response']] : [];
    return { ...base, kind, messageRequest: messageOf(isRecord(raw['request']) ? raw['request'] : {}, true), messageResponses: responses.map((response) => messageOf(response, true)) };
  }
  return { ...base, kind };
}

function messageOf(raw: Rec, v4Style: boolean): Message {
  const metadata = raw['metadata'];
  const contentType = isRecord(metadata) ? (str(metadata['contentType']) ?? str(metadata['content-type']) ?? str(metadata['Content-Type'])) : undefined;
  const contents = bodyOf(raw, 'contents', v4Style, contentType);
  return { metadata: pairs(metadata), ...(contents === undefined ? {} : { contents }) };
}

/** A body: v4 wraps it (`{ content, contentType, encoded }`), earlier versions write the value itself. */
export function bodyOf(container: Rec, key: string, v4Style: boolean, contentType?: string): Body | undefined {
  if (!(key in container)) return undefined;
  const value = container[key];
  if (value === undefined || value === null) return undefined;
  const withType = (body: Body, type: string | undefined): Body => (type === undefined ? body : { ...body, contentType: type });
  if (v4Style && isRecord(value) && ('content' in value || 'contentType' in value || 'encoded' in value)) {
    const type = str(value['contentType']) ?? contentType;
    const content = value['content'];
    const encoded = value['encoded'];
    if (encoded !== undefined && encoded !== false && encoded !== 'false') return withType({ kind: 'encoded', text: typeof content === 'string' ? content : JSON.stringify(content) }, type);
    if (typeof content === 'string') {
      if (type !== undefined && /json/i.test(type)) {
        try {
          const parsed: unknown = JSON.parse(content);
          return withType({ kind: 'json', text: prettyJson(parsed), value: parsed }, type);
        } catch {
          // not JSON after all: shown as text
        }
      }
      return withType({ kind: 'text', text: content }, type);
    }
    if (content === undefined || content === null) return undefined;
    return withType({ kind: 'json', text: prettyJson(content), value: content }, type);
  }
  if (typeof value === 'string') return withType({ kind: 'text', text: value }, contentType);
  return withType({ kind: 'json', text: prettyJson(value), value }, contentType);
}

export const prettyJson = (value: unknown): string => JSON.stringify(value, null, 2) ?? String(value);

/** Headers and metadata as name–value pairs (v4 writes a list of values per header). */
export function pairs(value: unknown): Pairs {
  if (!isRecord(value)) return [];
  return Object.entries(value).map(([key, entry]) => [key, Array.isArray(entry) ? entry.map((item) => str(item) ?? JSON.stringify(item)).join(', ') : (str(entry) ?? JSON.stringify(entry))] as const);
}

/** A query as pairs: v2 writes a string (`a=1&b=2`), v3 and v4 a map of value lists. */
export function queryPairs(value: unknown): Pairs {
  if (typeof value === 'string') return [...new URLSearchParams(value.replace(/^\?/, '')).entries()];
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, entry]) => (Array.isArray(entry) ? entry.map((item) => [key, str(item) ?? JSON.stringify(item)] as const) : [[key, str(entry) ?? JSON.stringify(entry)] as const]));
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!isRecord(headers)) return undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  if (entry === undefined) return undefined;
  const value = entry[1];
  return Array.isArray(value) ? str(value[0]) : str(value);
}

/** A request line as people write it: `GET /pets?kind=cat`. */
export function requestLine(request: HttpRequest): string {
  const query = request.query.length === 0 ? '' : `?${new URLSearchParams(request.query as [string, string][]).toString()}`;
  return `${request.method} ${request.path}${query}`;
}

/** The provider states as one line: `a pet exists (id: 1); the user is logged in`. */
export function statesText(states: readonly ProviderState[]): string {
  return states.map((state) => (state.params === undefined ? state.name : `${state.name} (${Object.entries(state.params).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ')})`)).join('; ');
}

/** Whether an interaction matches a filter: every word in its description, states, request line, status or type. */
export function matchesFilter(interaction: Interaction, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return true;
  const haystack = [
    interaction.description,
    statesText(interaction.states),
    interaction.request === undefined ? '' : requestLine(interaction.request),
    interaction.response?.status ?? '',
    interaction.type ?? interaction.kind,
  ]
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}
