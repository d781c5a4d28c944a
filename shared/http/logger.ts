/** Structured JSON logs (Powertools), one logger per process, with the request id on every line. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'pact-broker', logLevel: (process.env['LOG_LEVEL'] as 'INFO' | undefined) ?? 'INFO' });
