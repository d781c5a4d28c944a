/**
 * Where each value of a JSON or YAML document is written: an outline of the document's mappings and sequences with the
 * lines each entry spans, so a location the comparison engine names (`[root].paths./pets.get.responses.200`) can be
 * shown in the document as the provider published it. No DOM, no YAML library: the UI ships only Preact and jsdiff, and
 * an outline needs far less than a parser (it reads block and flow style, quoted and plain keys, block scalars,
 * comments, anchors and tags; it does not evaluate values beyond the text of scalars).
 */

export interface OutlineNode {
  readonly kind: 'map' | 'seq' | 'scalar';
  /** 1-based line where the entry starts: its key in a mapping, its dash in a sequence, the value at the top. */
  readonly line: number;
  /** 1-based last line of the entry's value. */
  readonly endLine: number;
  /** A mapping's entries, in document order. */
  readonly entries?: ReadonlyMap<string, OutlineNode>;
  /** A sequence's items. */
  readonly items?: readonly OutlineNode[];
  /** A scalar's text, quotes removed (what a `$ref` points at). */
  readonly scalar?: string;
}

/** The outline of a JSON or YAML document (JSON when it starts with `{` or `[`, since JSON is YAML's flow style). */
export function outlineDocument(text: string): OutlineNode {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parser = new FlowParser(text, 0, 1);
    parser.skipSpace();
    return parser.value(parser.line);
  }
  return new BlockParser(text).document();
}

/** Lines of a text as the outline counts them (1-based). */
export const lineCount = (text: string): number => (text === '' ? 1 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));

class FlowParser {
  constructor(
    private readonly text: string,
    public pos: number,
    public line: number,
  ) {}

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (char === '\n') {
        this.line += 1;
        this.pos += 1;
      } else if (char === ' ' || char === '\t' || char === '\r') {
        this.pos += 1;
      } else if (char === '#' && (this.pos === 0 || /\s/.test(this.text[this.pos - 1] ?? ''))) {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos += 1;
      } else {
        return;
      }
    }
  }

  /** A value starting at `pos` (after whitespace); `startLine` is where its entry starts (its key's line). */
  value(startLine: number): OutlineNode {
    const char = this.text[this.pos];
    if (char === '{') return this.mapping(startLine);
    if (char === '[') return this.sequence(startLine);
    const scalar = this.scalar(false);
    return { kind: 'scalar', line: startLine, endLine: this.line, scalar };
  }

  private mapping(startLine: number): OutlineNode {
    const entries = new Map<string, OutlineNode>();
    this.pos += 1;
    for (;;) {
      this.skipSpace();
      const char = this.text[this.pos];
      if (char === undefined) break;
      if (char === '}') {
        this.pos += 1;
        break;
      }
      if (char === ',') {
        this.pos += 1;
        continue;
      }
      const keyLine = this.line;
      const key = this.scalar(true);
      this.skipSpace();
      let node: OutlineNode;
      if (this.text[this.pos] === ':') {
        this.pos += 1;
        this.skipSpace();
        const next = this.text[this.pos];
        node = next === ',' || next === '}' ? { kind: 'scalar', line: keyLine, endLine: this.line, scalar: '' } : this.value(keyLine);
      } else {
        node = { kind: 'scalar', line: keyLine, endLine: this.line, scalar: '' };
      }
      if (!entries.has(key)) entries.set(key, node);
      if (this.pos >= this.text.length) break;
    }
    return { kind: 'map', line: startLine, endLine: this.line, entries };
  }

  private sequence(startLine: number): OutlineNode {
    const items: OutlineNode[] = [];
    this.pos += 1;
    for (;;) {
      this.skipSpace();
      const char = this.text[this.pos];
      if (char === undefined) break;
      if (char === ']') {
        this.pos += 1;
        break;
      }
      if (char === ',') {
        this.pos += 1;
        continue;
      }
      const before = this.pos;
      items.push(this.value(this.line));
      if (this.pos === before) this.pos += 1; // never stall on a character no rule reads
    }
    return { kind: 'seq', line: startLine, endLine: this.line, items };
  }

  /** A quoted or plain scalar; a key stops at `:`, any scalar at `,` `]` `}`. */
  private scalar(isKey: boolean): string {
    const quote = this.text[this.pos];
    if (quote === '"' || quote === "'") return this.quoted(quote);
    const start = this.pos;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos] as string;
      if (char === ',' || char === ']' || char === '}' || char === '\n') break;
      if (char === ':' && (isKey || /[\s,\]}]/.test(this.text[this.pos + 1] ?? ' '))) break;
      if (char === '#' && /\s/.test(this.text[this.pos - 1] ?? '')) break;
      this.pos += 1;
    }
    return this.text.slice(start, this.pos).trim();
  }

  private quoted(quote: string): string {
    let result = '';
    this.pos += 1;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos] as string;
      if (char === '\n') this.line += 1;
      if (quote === '"' && char === '\\') {
        const next = this.text[this.pos + 1] ?? '';
        const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"' };
        if (next === 'u') {
          result += String.fromCharCode(Number.parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          result += escapes[next] ?? next;
          this.pos += 2;
        }
        continue;
      }
      if (char === quote) {
        if (quote === "'" && this.text[this.pos + 1] === "'") {
          result += "'";
          this.pos += 2;
          continue;
        }
        this.pos += 1;
        return result;
      }
      result += char;
      this.pos += 1;
    }
    return result;
  }
}

interface Line {
  /** 1-based line number. */
  readonly number: number;
  readonly indent: number;
  /** The line after its indentation. */
  readonly content: string;
  /** Offset of `content` in the text. */
  readonly offset: number;
}

/** Block-style YAML, line by line; a flow collection inside it is read by the flow parser. */
class BlockParser {
  private readonly lines: Line[] = [];
  private readonly rows: readonly string[];
  private readonly lastLine: number;
  private index = 0;

  constructor(private readonly text: string) {
    let offset = 0;
    const rows = text.split('\n');
    this.rows = rows;
    rows.forEach((row, at) => {
      const indent = row.length - row.replace(/^ +/, '').length;
      const content = row.slice(indent).replace(/\r$/, '');
      const significant = content.trim() !== '' && !content.startsWith('#') && !/^(---|\.\.\.)(\s|$)/.test(content) && !content.startsWith('%');
      if (significant) this.lines.push({ number: at + 1, indent, content, offset: offset + indent });
      offset += row.length + 1;
    });
    this.lastLine = lineCount(text);
  }

  document(): OutlineNode {
    const first = this.lines[0];
    if (first === undefined) return { kind: 'scalar', line: 1, endLine: this.lastLine, scalar: '' };
    const node = this.node(first.indent, 1);
    return { ...node, line: 1, endLine: Math.max(node.endLine, this.lastLine) };
  }

  /** The block at `indent` starting at the current line: a sequence, a mapping or a scalar. */
  private node(indent: number, startLine: number): OutlineNode {
    const line = this.lines[this.index];
    if (line === undefined) return { kind: 'scalar', line: startLine, endLine: startLine, scalar: '' };
    if (isDash(line.content)) return this.sequence(line.indent, startLine);
    if (keyOf(line.content) !== undefined) return this.mapping(line.indent, startLine);
    return this.inlineValue(line, line.content, line.offset, indent - 1, startLine);
  }

  private mapping(indent: number, startLine: number): OutlineNode {
    const entries = new Map<string, OutlineNode>();
    let endLine = startLine;
    while (this.index < this.lines.length) {
      const line = this.lines[this.index] as Line;
      if (line.indent !== indent) break;
      const key = keyOf(line.content);
      if (key === undefined) break;
      const node = this.entryValue(line, key.rest, line.offset + key.restOffset, indent, line.number);
      if (!entries.has(key.key)) entries.set(key.key, node);
      endLine = node.endLine;
    }
    return { kind: 'map', line: startLine, endLine, entries };
  }

  private sequence(indent: number, startLine: number): OutlineNode {
    const items: OutlineNode[] = [];
    let endLine = startLine;
    while (this.index < this.lines.length) {
      const line = this.lines[this.index] as Line;
      if (line.indent !== indent || !isDash(line.content)) break;
      const afterDash = line.content.slice(1);
      const spaces = afterDash.length - afterDash.trimStart().length;
      // An anchor or tag before the item (`- &pet`) belongs to the item, whatever follows.
      const properties = stripProperties(afterDash.trimStart());
      const rest = properties.text;
      const skipped = spaces + properties.skipped;
      let node: OutlineNode;
      if (rest === '' || rest.startsWith('#')) {
        this.index += 1;
        node = this.nested(indent, line.number, true);
      } else if (isDash(rest) || keyOf(rest) !== undefined) {
        // `- key: value` (or `- - item`): the item is a block whose indentation is the column of its first key.
        const column = indent + 1 + skipped;
        this.lines[this.index] = { number: line.number, indent: column, content: rest, offset: line.offset + 1 + skipped };
        node = this.node(column, line.number);
      } else {
        node = this.inlineValue(line, rest, line.offset + 1 + skipped, indent, line.number);
      }
      items.push({ ...node, line: line.number });
      endLine = node.endLine;
    }
    return { kind: 'seq', line: startLine, endLine, items };
  }

  /** The value after `key:` on a mapping line. */
  private entryValue(line: Line, rest: string, restOffset: number, indent: number, startLine: number): OutlineNode {
    const value = stripProperties(rest);
    if (value.text === '' || value.text.startsWith('#')) {
      this.index += 1;
      return this.nested(indent, startLine, false);
    }
    return this.inlineValue(line, value.text, restOffset + value.skipped, indent, startLine);
  }

  /** A block value on the lines after its key or dash: more indented, or a sequence at the key's own indentation. */
  private nested(indent: number, startLine: number, inSequence: boolean): OutlineNode {
    const next = this.lines[this.index];
    if (next !== undefined && (next.indent > indent || (!inSequence && next.indent === indent && isDash(next.content)))) {
      return this.node(next.indent, startLine);
    }
    return { kind: 'scalar', line: startLine, endLine: startLine, scalar: '' };
  }

  /** A value written on the line itself: a flow collection, a block scalar or a (possibly multi-line) scalar. */
  private inlineValue(line: Line, text: string, offset: number, indent: number, startLine: number): OutlineNode {
    const value = stripProperties(text);
    const body = value.text;
    if (body.startsWith('{') || body.startsWith('[')) {
      const parser = new FlowParser(this.text, offset + value.skipped, line.number);
      const node = parser.value(startLine);
      while (this.index < this.lines.length && (this.lines[this.index] as Line).number <= parser.line) this.index += 1;
      return node;
    }
    this.index += 1;
    let endLine = line.number;
    if (/^[|>]/.test(body)) {
      // A block scalar: every following line indented more than its key, blank lines included.
      const rows = this.rows;
      let at = line.number; // 0-based index of the next row
      while (at < rows.length) {
        const row = rows[at] as string;
        const rowIndent = row.length - row.replace(/^ +/, '').length;
        if (row.trim() !== '' && rowIndent <= indent) break;
        if (row.trim() !== '') endLine = at + 1;
        at += 1;
      }
      while (this.index < this.lines.length && (this.lines[this.index] as Line).number <= endLine) this.index += 1;
      return { kind: 'scalar', line: startLine, endLine, scalar: '' };
    }
    // A plain or quoted scalar may continue on more indented lines.
    while (this.index < this.lines.length && (this.lines[this.index] as Line).indent > indent && !isDash((this.lines[this.index] as Line).content)) {
      endLine = (this.lines[this.index] as Line).number;
      this.index += 1;
    }
    return { kind: 'scalar', line: startLine, endLine, scalar: scalarText(body) };
  }
}

const isDash = (content: string): boolean => content === '-' || content.startsWith('- ') || content.startsWith('-\t');

/** `key: rest` on a line: the key (unquoted) and where the rest starts; undefined when the line is no mapping entry. */
export function keyOf(content: string): { key: string; rest: string; restOffset: number } | undefined {
  const quote = content[0];
  if (quote === '"' || quote === "'") {
    let at = 1;
    let key = '';
    while (at < content.length) {
      const char = content[at] as string;
      if (quote === '"' && char === '\\') {
        key += content[at + 1] ?? '';
        at += 2;
        continue;
      }
      if (char === quote) {
        if (quote === "'" && content[at + 1] === "'") {
          key += "'";
          at += 2;
          continue;
        }
        break;
      }
      key += char;
      at += 1;
    }
    const after = content.slice(at + 1);
    const match = /^\s*:(\s|$)/.exec(after);
    if (match === null) return undefined;
    const restOffset = at + 1 + match[0].length;
    return { key, rest: content.slice(restOffset).trim(), restOffset };
  }
  if (/^[-?[{&*!|>%@`#,]/.test(content) && !/^-[^\s]/.test(content)) return undefined;
  const match = /:(\s|$)/.exec(content);
  if (match === null) return undefined;
  const key = content.slice(0, match.index).trim();
  if (key === '' || / #/.test(key)) return undefined;
  const restOffset = match.index + match[0].length;
  return { key, rest: content.slice(restOffset).trim(), restOffset };
}

/** Leading anchor (`&a`) and tag (`!!str`) of a value, skipped. */
function stripProperties(text: string): { text: string; skipped: number } {
  let rest = text;
  for (;;) {
    const match = /^([&!][^\s]*)\s*/.exec(rest);
    if (match === null) break;
    rest = rest.slice(match[0].length);
  }
  return { text: rest, skipped: text.length - rest.length };
}

function scalarText(text: string): string {
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const end = text.lastIndexOf(quote);
    const inner = text.slice(1, end > 0 ? end : undefined);
    return quote === "'" ? inner.replace(/''/g, "'") : inner.replace(/\\(.)/g, '$1');
  }
  return text.replace(/\s+#.*$/, '').trim();
}
