/**
 * What a tenant's webhook may reach. In a multi-tenant broker a webhook is a way to make the broker send requests
 * into a network of the attacker's choosing, the broker's own included, so two rules apply:
 *
 * - the operator's allowlists, with the reference broker's settings and meaning: methods, schemes and (when set)
 *   hosts; checked when a webhook is created and again when it is sent;
 * - whatever the allowlists say, a webhook reaches only public addresses. A loopback, private, link-local, metadata
 *   or otherwise special address is reached only when the operator names it: by an IP or CIDR entry containing it,
 *   or by an exact host name entry equal to the URL's host. Wildcards and patterns say which public hosts tenants
 *   may use; they never open an internal address.
 *
 * Pure: the sender (`shared/delivery/webhook-sender.ts`) resolves names and asks `addressAllowed` about each address.
 */
import type { FieldErrors } from '../errors.ts';

// ---------------------------------------------------------------------------------------------------------------
// IP addresses, parsed by hand: the domain takes no `node:` module, and a parser of our own fails closed (anything
// it does not read as an address is refused, never guessed at).

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  /** The address as an unsigned integer of 32 (IPv4) or 128 (IPv6) bits. */
  readonly value: bigint;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/** Dotted decimal only (what DNS answers and the URL parser produce); a leading zero is refused as ambiguous (octal?). */
function parseIpv4(text: string): bigint | undefined {
  const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (parts === null) return undefined;
  let value = 0n;
  for (const part of parts.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** RFC 4291 §2.2 text: hex groups, one `::`, an optional dotted IPv4 tail; a `%zone` suffix is dropped. */
function parseIpv6(text: string): bigint | undefined {
  const zone = text.indexOf('%');
  let rest = zone === -1 ? text : text.slice(0, zone);
  if (zone !== -1 && zone === text.length - 1) return undefined;
  let v4Tail: bigint | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon === -1) return undefined;
  if (rest.includes('.', lastColon)) {
    v4Tail = parseIpv4(rest.slice(lastColon + 1));
    if (v4Tail === undefined) return undefined;
    rest = `${rest.slice(0, lastColon + 1)}0:0`;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  // `::0:0` from a bare `::a.b.c.d` is fine; `::` must stand for at least one group.
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return v4Tail === undefined ? value : (value & ~0xffffffffn) | v4Tail;
}

/** An IPv4 or IPv6 address in text (IPv6 with or without the URL's brackets), or undefined when it is not one. */
export function parseIpAddress(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4(bare);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (!bare.includes(':')) return undefined;
  const v6 = parseIpv6(bare);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

const formatIpv4 = (value: bigint): string => [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');

const v4 = (text: string): bigint => {
  const value = parseIpv4(text);
  if (value === undefined) throw new Error(`not an IPv4 address: ${text}`);
  return value;
};
const v6 = (text: string): bigint => {
  const value = parseIpv6(text);
  if (value === undefined) throw new Error(`not an IPv6 address: ${text}`);
  return value;
};

interface IpNetwork {
  readonly family: IpFamily;
  readonly base: bigint;
  readonly prefix: number;
}

const inNetwork = (network: IpNetwork, address: IpAddress): boolean => {
  if (network.family !== address.family) return false;
  const shift = BigInt(BITS[network.family] - network.prefix);
  return address.value >> shift === network.base >> shift;
};

const network = (family: IpFamily, text: string): IpNetwork => {
  const [base = '', prefix = ''] = text.split('/');
  return { family, base: family === 4 ? v4(base) : v6(base), prefix: prefix === '' ? BITS[family] : Number(prefix) };
};

// ---------------------------------------------------------------------------------------------------------------
// Address classes (IANA's IPv4 and IPv6 special-purpose address registries, RFC 6890 and successors).

export type AddressClass =
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'link-local'
  | 'site-local'
  | 'cloud-metadata'
  | 'carrier-grade-nat'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'benchmarking'
  | 'documentation'
  | 'ietf-protocol'
  | 'discard-only';

/** How a reason names each class ("127.0.0.1 is a loopback address"). */
const CLASS_WORDS: Record<AddressClass, string> = {
  loopback: 'a loopback address',
  unspecified: 'an unspecified ("this network") address',
  private: 'a private address',
  'link-local': 'a link-local address',
  'site-local': 'a (deprecated) site-local address',
  'cloud-metadata': 'a cloud metadata service address',
  'carrier-grade-nat': 'a carrier-grade NAT (shared) address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  benchmarking: 'a benchmarking address',
  documentation: 'a documentation address',
  'ietf-protocol': 'an IETF protocol assignment address',
  'discard-only': 'a discard-only address',
};

export type AddressClassification =
  | { readonly kind: 'public'; readonly embeddedIpv4?: string }
  | { readonly kind: 'special'; readonly class: AddressClass; readonly embeddedIpv4?: string };

/**
 * Cloud instance and task metadata services and their neighbours: they hand out credentials to whoever asks from
 * inside, so they are the first thing a forged request goes for. Checked before the ranges they sit in, and opened
 * only by an allowlist entry naming exactly that address (see `addressAllowed`).
 */
const METADATA_ADDRESSES: readonly IpAddress[] = [
  ...[
    '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle … instance metadata
    '169.254.169.253', // AWS VPC DNS resolver
    '169.254.169.123', // AWS time sync
    '169.254.170.2', // ECS task metadata and task role credentials
    '169.254.170.23', // EKS Pod Identity agent
    '169.254.0.23', // Tencent Cloud metadata
    '100.100.100.200', // Alibaba Cloud metadata
    '192.0.0.192', // Oracle Cloud (legacy) metadata
    '168.63.129.16', // Azure WireServer: a public-looking address that only the platform answers
  ].map((text) => ({ family: 4 as const, value: v4(text) })),
  ...[
    'fd00:ec2::254', // AWS instance metadata over IPv6
    'fd00:ec2::253', // AWS VPC DNS resolver over IPv6
    'fd00:ec2::123', // AWS time sync over IPv6
    'fd00:ec2::23', // EKS Pod Identity agent over IPv6
  ].map((text) => ({ family: 6 as const, value: v6(text) })),
];

/** IPv4 special-purpose blocks, most specific first where they nest. */
const IPV4_SPECIAL: readonly (readonly [IpNetwork, AddressClass])[] = (
  [
    ['255.255.255.255/32', 'broadcast'],
    ['0.0.0.0/8', 'unspecified'],
    ['10.0.0.0/8', 'private'],
    ['100.64.0.0/10', 'carrier-grade-nat'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['172.16.0.0/12', 'private'],
    ['192.0.0.0/24', 'ietf-protocol'],
    ['192.0.2.0/24', 'documentation'],
    ['192.88.99.0/24', 'reserved'], // the former 6to4 relay anycast (RFC 7526)
    ['192.168.0.0/16', 'private'],
    ['198.18.0.0/15', 'benchmarking'],
    ['198.51.100.0/24', 'documentation'],
    ['203.0.113.0/24', 'documentation'],
    ['224.0.0.0/4', 'multicast'],
    ['240.0.0.0/4', 'reserved'],
  ] as const
).map(([text, kind]) => [network(4, text), kind] as const);

/** IPv6 special-purpose blocks outside those that embed an IPv4 address (handled in `classifyIpv6`). */
const IPV6_SPECIAL: readonly (readonly [IpNetwork, AddressClass])[] = (
  [
    ['::/128', 'unspecified'],
    ['::1/128', 'loopback'],
    ['64:ff9b:1::/48', 'private'], // local-use NAT64 (RFC 8215): translates into the operator's own network
    ['100::/64', 'discard-only'],
    ['2001:2::/48', 'benchmarking'],
    ['2001::/23', 'ietf-protocol'], // includes Teredo (2001::/32), ORCHID, AMT
    ['2001:db8::/32', 'documentation'],
    ['3fff::/20', 'documentation'],
    ['fc00::/7', 'private'],
    ['fe80::/10', 'link-local'],
    ['fec0::/10', 'site-local'],
    ['ff00::/8', 'multicast'],
  ] as const
).map(([text, kind]) => [network(6, text), kind] as const);

const GLOBAL_UNICAST = network(6, '2000::/3');
const IPV4_MAPPED = network(6, '::ffff:0:0/96');
const IPV4_COMPATIBLE = network(6, '::/96'); // deprecated (RFC 4291 §2.5.5.1)
const IPV4_TRANSLATED = network(6, '::ffff:0:0:0/96'); // SIIT (RFC 2765)
const NAT64 = network(6, '64:ff9b::/96');
const SIX_TO_FOUR = network(6, '2002::/16');

function classifyIpv4(address: IpAddress): AddressClassification {
  if (METADATA_ADDRESSES.some((metadata) => metadata.family === 4 && metadata.value === address.value)) return { kind: 'special', class: 'cloud-metadata' };
  const special = IPV4_SPECIAL.find(([block]) => inNetwork(block, address));
  return special === undefined ? { kind: 'public' } : { kind: 'special', class: special[1] };
}

/** An IPv6 address that carries an IPv4 address is what that IPv4 address is: the packets end up there. */
function viaEmbedded(value: bigint, fallback?: AddressClass): AddressClassification {
  const embedded = classifyIpv4({ family: 4, value });
  const embeddedIpv4 = formatIpv4(value);
  if (embedded.kind === 'special') return { kind: 'special', class: embedded.class, embeddedIpv4 };
  return fallback === undefined ? { kind: 'public', embeddedIpv4 } : { kind: 'special', class: fallback, embeddedIpv4 };
}

function classifyIpv6(address: IpAddress): AddressClassification {
  if (METADATA_ADDRESSES.some((metadata) => metadata.family === 6 && metadata.value === address.value)) return { kind: 'special', class: 'cloud-metadata' };
  const low32 = address.value & 0xffffffffn;
  if (inNetwork(IPV4_MAPPED, address) || inNetwork(NAT64, address)) return viaEmbedded(low32);
  const special = IPV6_SPECIAL.find(([block]) => inNetwork(block, address));
  if (special !== undefined) return { kind: 'special', class: special[1] };
  if (inNetwork(IPV4_COMPATIBLE, address) || inNetwork(IPV4_TRANSLATED, address)) return viaEmbedded(low32, 'reserved');
  if (inNetwork(SIX_TO_FOUR, address)) return viaEmbedded((address.value >> 80n) & 0xffffffffn);
  return inNetwork(GLOBAL_UNICAST, address) ? { kind: 'public' } : { kind: 'special', class: 'reserved' };
}

export function classifyAddress(address: IpAddress): AddressClassification {
  return address.family === 4 ? classifyIpv4(address) : classifyIpv6(address);
}

/** The same address as IPv4 when it is an IPv4-mapped IPv6 one, so `10.0.0.0/8` also covers `::ffff:10.0.0.1`. */
const unmapped = (address: IpAddress): IpAddress => (inNetwork(IPV4_MAPPED, address) ? { family: 4, value: address.value & 0xffffffffn } : address);

// ---------------------------------------------------------------------------------------------------------------
// The operator's settings.

/** The settings, named as the reference broker names them. */
export const WEBHOOK_SETTINGS = {
  hosts: 'PACT_BROKER_WEBHOOK_HOST_WHITELIST',
  schemes: 'PACT_BROKER_WEBHOOK_SCHEME_WHITELIST',
  methods: 'PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST',
} as const;

/** The reference's defaults. */
export const DEFAULT_WEBHOOK_SCHEMES: readonly string[] = ['https'];
export const DEFAULT_WEBHOOK_METHODS: readonly string[] = ['POST'];

/** The schemes the sender speaks; an operator cannot allow others. */
const SUPPORTED_SCHEMES: readonly string[] = ['http', 'https'];

export type HostEntry =
  /** `hooks.example.com`: that host only (lower-case, punycode, without a trailing dot). */
  | { readonly kind: 'name'; readonly text: string; readonly name: string }
  /** `*.example.com`: exactly one label in front of `example.com`, as a TLS wildcard matches (and as the reference does). */
  | { readonly kind: 'wildcard'; readonly text: string; readonly parent: string }
  /** `/\.example\.com$/`: the reference's regular expression form, searched (not anchored) in the host. */
  | { readonly kind: 'pattern'; readonly text: string; readonly pattern: RegExp }
  /** `10.0.0.0/8`, `fd00::/8`, `192.0.2.7`, `::1`: an address or a network; matches only hosts written as addresses. */
  | { readonly kind: 'network'; readonly text: string; readonly network: IpNetwork };

export interface WebhookPolicy {
  /** Empty: any host name (public addresses only). */
  readonly hosts: readonly HostEntry[];
  /** Lower-case, without the colon. */
  readonly schemes: readonly string[];
  /** Upper-case. */
  readonly methods: readonly string[];
}

/** A setting the broker cannot use. Thrown at start-up rather than read as something laxer or stricter than meant. */
export class WebhookSettingInvalid extends Error {
  constructor(setting: string, entry: string, why: string) {
    super(`${setting}: ${JSON.stringify(entry)} ${why}`);
    this.name = 'WebhookSettingInvalid';
  }
}

const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Space-separated words; an unset or blank setting is the default (a blank one would otherwise allow nothing). */
const words = (value: string | undefined): string[] | undefined => {
  const list = (value ?? '').split(/\s+/).filter((word) => word !== '');
  return list.length === 0 ? undefined : list;
};

/** A host name as the URL parser writes it (lower case, punycode, percent-decoded), or undefined when it is not one. */
function normaliseHostName(text: string): string | undefined {
  let hostname: string;
  try {
    const url = new URL(`http://${text}/`);
    if (url.username !== '' || url.password !== '' || url.port !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') return undefined;
    hostname = url.hostname;
  } catch {
    return undefined;
  }
  return isHostName(hostname) ? withoutTrailingDot(hostname) : undefined;
}

const withoutTrailingDot = (host: string): string => (host.endsWith('.') ? host.slice(0, -1) : host);

/** DNS labels of letters, digits, `-` and `_` (underscores occur in real names); one trailing dot allowed. */
const isHostName = (host: string): boolean => {
  const name = withoutTrailingDot(host);
  if (name === '' || name.length > 253) return false;
  return name.split('.').every((label) => label.length <= 63 && /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/.test(label));
};

function parseHostEntry(text: string): HostEntry {
  const invalid = (why: string) => new WebhookSettingInvalid(WEBHOOK_SETTINGS.hosts, text, why);
  if (text.length >= 2 && text.startsWith('/') && text.endsWith('/')) {
    try {
      return { kind: 'pattern', text, pattern: new RegExp(text.slice(1, -1), 'i') };
    } catch (error) {
      throw invalid(`is not a regular expression: ${(error as Error).message}`);
    }
  }
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (address !== undefined) {
    const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
    if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) throw invalid('has a network prefix that is not a number');
    const prefix = prefixText === undefined ? BITS[address.family] : Number(prefixText);
    if (prefix > BITS[address.family]) throw invalid(`has a network prefix longer than ${BITS[address.family]} bits`);
    // `::ffff:10.0.0.0/104` is `10.0.0.0/8`, so that it matches however the address is written.
    const mapped = address.family === 6 && prefix >= 96 ? unmapped(address) : address;
    const mappedPrefix = mapped.family === address.family ? prefix : prefix - 96;
    const bits = BigInt(BITS[mapped.family] - mappedPrefix);
    // Host bits are ignored, as the reference's IPAddr does (`10.2.3.41/24` is `10.2.3.0/24`).
    return { kind: 'network', text, network: { family: mapped.family, base: (mapped.value >> bits) << bits, prefix: mappedPrefix } };
  }
  if (slash !== -1) throw invalid('is neither an address, a network, a /regular expression/ nor a host name');
  if (text.startsWith('*.')) {
    const parent = normaliseHostName(text.slice(2));
    if (parent === undefined || parseIpAddress(parent) !== undefined) throw invalid('is not a wildcard over a host name');
    return { kind: 'wildcard', text, parent };
  }
  if (text.includes('*')) throw invalid('may have a wildcard only as its whole first label (*.example.com)');
  const name = normaliseHostName(text);
  if (name === undefined) throw invalid('is neither an address, a network, a /regular expression/ nor a host name');
  // `2130706433` or `0x7f.1`: the URL parser reads these as addresses, so the entry is one.
  const asAddress = parseIpAddress(name);
  if (asAddress !== undefined) return { ...parseHostEntry(name), text };
  return { kind: 'name', text, name };
}

/**
 * The policy the operator's settings describe. `env` is the process environment or any map like it. Throws
 * `WebhookSettingInvalid` for an entry it cannot read (a bad pattern or prefix, an unsupported scheme, a method that is
 * not an HTTP token), so a typo fails at start-up instead of silently allowing or refusing something else.
 */
export function webhookPolicyFrom(env: Readonly<Record<string, string | undefined>>): WebhookPolicy {
  const hosts = (words(env[WEBHOOK_SETTINGS.hosts]) ?? []).map(parseHostEntry);
  const schemes = (words(env[WEBHOOK_SETTINGS.schemes]) ?? DEFAULT_WEBHOOK_SCHEMES).map((scheme) => {
    const lower = scheme.toLowerCase().replace(/:$/, '');
    if (!SUPPORTED_SCHEMES.includes(lower)) throw new WebhookSettingInvalid(WEBHOOK_SETTINGS.schemes, scheme, `is not a scheme webhooks can use (${SUPPORTED_SCHEMES.join(', ')})`);
    return lower;
  });
  const methods = (words(env[WEBHOOK_SETTINGS.methods]) ?? DEFAULT_WEBHOOK_METHODS).map((method) => {
    if (!HTTP_TOKEN.test(method)) throw new WebhookSettingInvalid(WEBHOOK_SETTINGS.methods, method, 'is not an HTTP method');
    return method.toUpperCase();
  });
  return { hosts, schemes: [...new Set(schemes)], methods: [...new Set(methods)] };
}

// ---------------------------------------------------------------------------------------------------------------
// Checking a webhook's request: at creation (with its template parameters) and at sending (expanded).

/** The texts of the problems found. The reference's, with the setting named instead of its `/doc/webhooks` page. */
export const webhookPolicyMessages = {
  invalidMethod: () => 'is not a valid HTTP method',
  method: (allowed: readonly string[]) =>
    `${allowed.length === 1 ? `must be ${allowed[0] ?? ''}` : `must be one of ${allowed.join(', ')}`}. The broker's operator allows webhooks only these methods (${WEBHOOK_SETTINGS.methods}).`,
  invalidUrl: () => 'is not a valid URL, e.g. https://example.org',
  templatedHost: () => 'cannot have a template parameter in the host (nor in the scheme, port or user information)',
  scheme: (allowed: readonly string[]) =>
    `${allowed.length === 1 ? `scheme must be ${allowed[0] ?? ''}` : `scheme must be one of ${allowed.join(', ')}`}. The broker's operator allows webhooks only these schemes (${WEBHOOK_SETTINGS.schemes}).`,
  // The entries are not listed: they may describe the operator's own network, and tenants need not see it.
  host: () => `host is not one the broker's operator allows webhooks to reach (${WEBHOOK_SETTINGS.hosts}).`,
  /** `resolvedFrom`: the host name `ip` is an address of. */
  address: (ip: string, classification: AddressClassification & { kind: 'special' }, resolvedFrom?: string) =>
    `${resolvedFrom === undefined ? `${ip} is` : `${resolvedFrom} resolves to ${ip}, which is`} ${CLASS_WORDS[classification.class]}${classification.embeddedIpv4 === undefined ? '' : ` (it carries the IPv4 address ${classification.embeddedIpv4})`}; the operator has not allowed it (${WEBHOOK_SETTINGS.hosts})`,
  notAnAddress: (ip: string) => `${ip} is not an IP address`,
};

/** `${pactbroker.consumerName}` and the like; any `${…}` counts, so that nothing unexpanded reaches the host. */
const TEMPLATE_PARAMETER = /\$\{[^{}]*\}/g;

const render = (url: string, placeholder: string): string => url.replace(TEMPLATE_PARAMETER, placeholder);

/** Where a webhook URL points, as the sender connects to it. */
export interface WebhookTarget {
  readonly url: URL;
  readonly scheme: string;
  /** The URL's host: lower-case, punycode, without an IPv6 address's brackets. */
  readonly host: string;
  /** The address when the host is written as one (the URL parser has already turned `0x7f.1` into `127.0.0.1`). */
  readonly address?: IpAddress;
}

/** The URL's target, or undefined when it is not an absolute URL with a host the broker would resolve. */
export function webhookTarget(url: string): WebhookTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  if (host === '') return undefined;
  const address = parseIpAddress(host);
  if (address === undefined && !isHostName(host)) return undefined;
  return { url: parsed, scheme: parsed.protocol.replace(/:$/, ''), host, ...(address === undefined ? {} : { address }) };
}

function hostMatches(entry: HostEntry, target: WebhookTarget): boolean {
  const name = withoutTrailingDot(target.host);
  // As the reference does: a host written as an address is compared with addresses and networks only.
  if (target.address !== undefined) return entry.kind === 'network' && inNetwork(entry.network, unmapped(target.address));
  switch (entry.kind) {
    case 'name':
      return name === entry.name;
    case 'wildcard': {
      const dot = name.indexOf('.');
      return dot > 0 && name.slice(dot + 1) === entry.parent;
    }
    case 'pattern':
      return entry.pattern.test(name);
    case 'network':
      return false;
  }
}

export function webhookMethodProblems(policy: WebhookPolicy, method: string): string[] {
  if (!HTTP_TOKEN.test(method)) return [webhookPolicyMessages.invalidMethod()];
  return policy.methods.includes(method.toUpperCase()) ? [] : [webhookPolicyMessages.method(policy.methods)];
}

/**
 * The problems of a webhook URL, the first one found (as the reference stops at the first): not a URL, a template
 * parameter before the path, a scheme or host the operator does not allow, or a host written as an address that is
 * not public and not allowed. Template parameters elsewhere stand for a placeholder.
 */
export function webhookUrlProblems(policy: WebhookPolicy, url: string): string[] {
  const target = webhookTarget(render(url, 'placeholder'));
  if (target === undefined) return [webhookPolicyMessages.invalidUrl()];
  const other = webhookTarget(render(url, 'differentplaceholder'));
  const authority = (of: WebhookTarget | undefined) => (of === undefined ? undefined : [of.scheme, of.url.username, of.url.password, of.host, of.url.port].join(' '));
  if (authority(target) !== authority(other)) return [webhookPolicyMessages.templatedHost()];
  if (!policy.schemes.includes(target.scheme)) return [webhookPolicyMessages.scheme(policy.schemes)];
  if (policy.hosts.length > 0 && !policy.hosts.some((entry) => hostMatches(entry, target))) return [webhookPolicyMessages.host()];
  if (target.address !== undefined) {
    const verdict = addressAllowed(policy, target.host, target.host);
    if (!verdict.allowed) return [verdict.reason];
  }
  return [];
}

/** A webhook request's problems by field (`request.method`, `request.url`); empty when it may be sent. */
export function webhookRequestProblems(policy: WebhookPolicy, request: { readonly method: string; readonly url: string }): FieldErrors {
  const problems: Record<string, string[]> = {};
  const method = webhookMethodProblems(policy, request.method);
  const url = webhookUrlProblems(policy, request.url);
  if (method.length > 0) problems['request.method'] = method;
  if (url.length > 0) problems['request.url'] = url;
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Send time: each address a host resolves to.

export type AddressVerdict =
  | { readonly allowed: true; readonly classification: AddressClassification }
  | { readonly allowed: false; readonly reason: string; readonly classification?: AddressClassification };

/**
 * Whether the broker may connect to `ip` for a webhook to `host` (the URL's host). A public address may be reached.
 * Any other may be reached only when an IP or CIDR entry contains it, or a host name entry is exactly `host`; a cloud
 * metadata address only when an entry is exactly that address (a broad `169.254.0.0/16` does not hand out credentials).
 * Anything that is not an address is refused.
 */
export function addressAllowed(policy: WebhookPolicy, host: string, ip: string): AddressVerdict {
  const address = parseIpAddress(ip);
  if (address === undefined) return { allowed: false, reason: webhookPolicyMessages.notAnAddress(ip) };
  const classification = classifyAddress(address);
  if (classification.kind === 'public') return { allowed: true, classification };
  const comparable = unmapped(address);
  const exactAddress = (entry: IpNetwork) => entry.prefix === BITS[entry.family];
  const bareHost = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const hostName = parseIpAddress(bareHost) === undefined ? withoutTrailingDot(bareHost.toLowerCase()) : undefined;
  const opened = policy.hosts.some((entry) => {
    if (entry.kind === 'network') return inNetwork(entry.network, comparable) && (classification.class !== 'cloud-metadata' || exactAddress(entry.network));
    return entry.kind === 'name' && classification.class !== 'cloud-metadata' && entry.name === hostName;
  });
  return opened ? { allowed: true, classification } : { allowed: false, reason: webhookPolicyMessages.address(ip, classification, hostName), classification };
}
