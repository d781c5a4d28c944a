/**
 * Node labels without a DOM to measure them: an estimate of the width of a name in the UI's sans-serif font (a little
 * generous, so that estimated boxes that do not overlap leave real text apart), and where a label goes beside its node.
 */
export const NODE_RADIUS = 8;
export const FONT_SIZE = 12;
export const FOCUS_FONT_SIZE = 14;
/** Longer names are cut with an ellipsis in the diagram (the whole name is the node's accessible name and tooltip). */
export const MAX_LABEL_CHARS = 26;

export function displayLabel(name: string): string {
  const chars = [...name];
  return chars.length <= MAX_LABEL_CHARS ? name : `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…`;
}

/** Widths in em of a proportional sans-serif (system-ui, Segoe UI, Roboto, Helvetica are all close to these). */
function charWidth(char: string): number {
  if (/[ijlI.,:;|!'`]/.test(char)) return 0.3;
  if (/[ftr()[\]{} \-]/.test(char)) return 0.38;
  if (/[mwMW@%]/.test(char)) return 0.9;
  if (/[A-Z]/.test(char)) return 0.7;
  if (/[0-9]/.test(char)) return 0.58;
  if (/[a-z_]/.test(char)) return 0.58;
  // Other scripts: assume wide.
  return char.charCodeAt(0) > 0x2e80 ? 1 : 0.65;
}

export function labelWidth(label: string, fontSize = FONT_SIZE, bold = false): number {
  let em = 0;
  for (const char of label) em += charWidth(char);
  return Math.ceil(em * fontSize * (bold ? 1.08 : 1));
}

/** A rectangle relative to a node's centre. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export type LabelSide = 'below' | 'above' | 'left' | 'right';

export interface NodeLabel {
  readonly text: string;
  readonly fontSize: number;
  readonly bold: boolean;
  /** The text's anchor point, relative to the node's centre, and its `text-anchor`. */
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'middle' | 'end';
  /** What the node and its label cover together, with a little margin. */
  readonly box: Box;
}

const MARGIN = 3;

export function placeLabel(name: string, side: LabelSide, options: { fontSize?: number; bold?: boolean } = {}): NodeLabel {
  const fontSize = options.fontSize ?? FONT_SIZE;
  const bold = options.bold ?? false;
  const text = displayLabel(name);
  const width = labelWidth(text, fontSize, bold);
  const r = NODE_RADIUS;
  const ascent = Math.round(fontSize * 0.75);
  const descent = Math.round(fontSize * 0.25);
  switch (side) {
    case 'below': {
      const half = Math.max(width / 2, r);
      const y = r + 4 + ascent;
      return { text, fontSize, bold, x: 0, y, anchor: 'middle', box: { left: -half - MARGIN, top: -r - MARGIN, right: half + MARGIN, bottom: y + descent + MARGIN } };
    }
    case 'above': {
      const half = Math.max(width / 2, r);
      const y = -r - 4 - descent;
      return { text, fontSize, bold, x: 0, y, anchor: 'middle', box: { left: -half - MARGIN, top: y - ascent - MARGIN, right: half + MARGIN, bottom: r + MARGIN } };
    }
    case 'right':
    case 'left': {
      const y = Math.round(ascent / 2 - descent / 2);
      const half = Math.max(r, (ascent + descent) / 2);
      const reach = r + 6 + width;
      return side === 'right'
        ? { text, fontSize, bold, x: r + 6, y, anchor: 'start', box: { left: -r - MARGIN, top: -half - MARGIN, right: reach + MARGIN, bottom: half + MARGIN } }
        : { text, fontSize, bold, x: -r - 6, y, anchor: 'end', box: { left: -reach - MARGIN, top: -half - MARGIN, right: r + MARGIN, bottom: half + MARGIN } };
    }
  }
}
