/** The retry schedule as the read routes report it (attempts remaining); the dispatcher reads the same setting. */
import { parseRetrySchedule } from '#domain/webhooks/events.ts';

let schedule: readonly number[] | undefined;

export function deliverySchedule(): readonly number[] {
  schedule ??= parseRetrySchedule(process.env['PACT_BROKER_WEBHOOK_RETRY_SCHEDULE']);
  return schedule;
}
