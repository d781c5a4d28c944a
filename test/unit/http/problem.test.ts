import { describe, expect, it } from 'vitest';
import { errorResponse, HttpProblem } from '../../../shared/http/problem.ts';
import { ContentionExhausted, InvalidTransition, NotFound, UnfinishedWork, ValidationFailed } from '../../../shared/domain/errors.ts';

describe('errorResponse', () => {
  it('maps domain errors to the reference shapes', () => {
    expect(errorResponse(new NotFound("No pacticipant with name 'Foo' found"))).toMatchObject({ statusCode: 404, body: JSON.stringify({ error: "No pacticipant with name 'Foo' found" }) });
    expect(errorResponse(ValidationFailed.of('name', 'is missing'))).toMatchObject({ statusCode: 400, body: JSON.stringify({ errors: { name: ['is missing'] } }) });
    expect(errorResponse(new InvalidTransition({ currentlyDeployed: ['no'] }))).toMatchObject({ statusCode: 422 });
    expect(errorResponse(new HttpProblem(415, { error: 'x' }))).toMatchObject({ statusCode: 415 });
  });

  it('answers a lost race with a retryable 503 and Retry-After, never a deterministic 5xx', () => {
    const response = errorResponse(new ContentionExhausted('busy'));
    expect(response.statusCode).toBe(503);
    expect(response.headers['Retry-After']).toBe('1');
  });

  it('answers unfinished work (a deletion that needs another request) with a retryable 503 and Retry-After', () => {
    const response = errorResponse(new UnfinishedWork('send the same DELETE again to continue'));
    expect(response.statusCode).toBe(503);
    expect(response.headers['Retry-After']).toBe('1');
    expect(JSON.parse(response.body)).toEqual({ error: 'send the same DELETE again to continue' });
  });

  it('hides unexpected errors behind a logged reference', () => {
    const response = errorResponse(new Error('secret table name in here'));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(JSON.parse(response.body)).toEqual({
      error: { message: `An error has occurred. The details have been logged with the reference ${response.reference}`, reference: response.reference },
    });
  });

  it('uses the HAL content type for domain errors', () => {
    expect(errorResponse(new NotFound('x')).headers['Content-Type']).toBe('application/hal+json;charset=utf-8');
  });
});
