/**
 * Where the runner connects, and how it keeps a password out of everything it
 * prints: the raw, percent-encoded and decoded forms all become `***`.
 */
import { describe, expect, it } from 'vitest';
import { chooseConnection, displayUrl, redact, secretsOf } from '../../src/runner/connection.js';

describe('chooseConnection', () => {
  it('takes --url, then PGSHIFT_DATABASE_URL, then DATABASE_URL, then the embedded server', () => {
    const env = { PGSHIFT_DATABASE_URL: 'postgresql://a@h/p', DATABASE_URL: 'postgresql://a@h/d' };
    expect(chooseConnection('postgresql://a@h/flag', env)).toEqual({ url: 'postgresql://a@h/flag', from: '--url' });
    expect(chooseConnection(undefined, env)).toEqual({ url: 'postgresql://a@h/p', from: 'PGSHIFT_DATABASE_URL' });
    expect(chooseConnection(undefined, { DATABASE_URL: env.DATABASE_URL })).toEqual({ url: 'postgresql://a@h/d', from: 'DATABASE_URL' });
    expect(chooseConnection('', { DATABASE_URL: '' })).toEqual({ url: undefined, from: 'the embedded server' });
  });
});

describe('redaction', () => {
  it('hides the password of a URL in every spelling, and keeps the rest', () => {
    const url = 'postgresql://deploy:p%40ss%3Aw%2Frd@db.internal:6432/app?sslmode=require';
    const secrets = secretsOf(url);
    expect(secrets).toEqual(expect.arrayContaining(['p%40ss%3Aw%2Frd', 'p@ss:w/rd']));
    const text = `connecting to ${url} as deploy with p@ss:w/rd failed`;
    expect(redact(text, secrets)).toBe('connecting to postgresql://deploy:***@db.internal:6432/app?sslmode=require as deploy with *** failed');
    expect(displayUrl(url)).toBe('postgresql://deploy:***@db.internal:6432/app?sslmode=require');
  });

  it('hides a password given as a query parameter, and leaves a URL without one alone', () => {
    expect(displayUrl('postgresql://db/app?user=deploy&password=s3cret&sslmode=verify-full')).toBe('postgresql://db/app?user=deploy&password=***&sslmode=verify-full');
    expect(displayUrl('postgresql://deploy@db/app')).toBe('postgresql://deploy@db/app');
    expect(secretsOf('postgresql://deploy@db/app')).toEqual([]);
  });

  it('still hides the password of something that is not a valid URL', () => {
    const odd = 'postgres://u:se cret@h:notaport/d';
    expect(redact(`bad url ${odd}`, secretsOf(odd))).not.toContain('se cret');
  });
});
