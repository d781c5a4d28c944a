/** JSON or YAML documents (provider contracts), parsed safely: YAML aliases are refused (no "billion laughs"). */
import { parse as parseYaml } from 'yaml';

export function parseDocument(text: string): Record<string, unknown> {
  const trimmed = text.trimStart();
  const value: unknown = trimmed.startsWith('{') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 0 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('the document is not a JSON or YAML object');
  return value as Record<string, unknown>;
}
