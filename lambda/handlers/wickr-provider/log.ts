/**
 * Structured logs for the handlers: one JSON line per event, with the request's identity. Values
 * are passed through a redactor so that a field named like a secret never reaches CloudWatch even
 * if a caller passes one by mistake.
 */
import type { Logger } from './framework';

const SECRET_NAME = /secret|password|challenge|token|credential/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_NAME.test(k) && !/Arn$|Name$|Id$/.test(k) ? '***' : redact(v, depth + 1)]),
  );
}

export function createLogger(base: Record<string, unknown>): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    console.log(JSON.stringify({ level, message, ...base, ...(fields ? (redact(fields) as Record<string, unknown>) : {}) }));
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
  };
}
