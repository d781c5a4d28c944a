/** Time is injected (services take a Clock), so rules and tests never read the wall clock themselves. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The reference's wire format: UTC, seconds precision, `+00:00` offset. */
export function formatTimestamp(iso: string): string {
  return `${iso.slice(0, 19)}+00:00`;
}
