/** Matching concrete paths against the route table's templates (`/pacticipants/{pacticipant}`). */

export function splitPath(path: string): string[] {
  return path.split('/').filter((segment, index, all) => !(segment === '' && (index === 0 || index === all.length - 1)));
}

function decodeSegment(segment: string): string {
  // `+` stays literal in a path (only query strings use form encoding).
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The decoded path parameters when `path` matches `template`, else undefined. Segments are split on `/`
 * before decoding, so an encoded slash (`feat%2Fx`) stays inside one parameter.
 */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const templateSegments = splitPath(template);
  const pathSegments = splitPath(path);
  if (templateSegments.length !== pathSegments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, templateSegment] of templateSegments.entries()) {
    const segment = pathSegments[index] as string;
    const variable = /^\{(\w+)\}$/.exec(templateSegment);
    if (variable) {
      if (segment === '') return undefined;
      params[variable[1] as string] = decodeSegment(segment);
    } else if (templateSegment !== segment) {
      return undefined;
    }
  }
  return params;
}

/** Sort key for specificity: at each segment a literal beats a variable (API Gateway picks the same route). */
export function specificity(template: string): string {
  return splitPath(template)
    .map((segment) => (segment.startsWith('{') ? '1' : '0'))
    .join('');
}
