/**
 * Captures what a handler writes to the console and to process.stdout/stderr while it runs, the
 * output Lambda would send to CloudWatch Logs.
 *
 * Capture follows the handler's async context (AsyncLocalStorage), not wall-clock time: output from
 * other code running in the same process meanwhile (the Wickr emulator, the stand-ins, the test
 * itself) is not attributed to the handler, which keeps "no secret in the handler's logs"
 * assertions honest.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';

export type LogStream = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'stdout' | 'stderr';
type Sink = (stream: LogStream, text: string) => void;

const CONSOLE_LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;
const storage = new AsyncLocalStorage<Sink>();
let installed = 0;
let restore: (() => void) | undefined;
let echo = false;

type WriteFn = typeof process.stdout.write;

function patchWrite(stream: NodeJS.WriteStream, name: 'stdout' | 'stderr'): () => void {
  const original = stream.write;
  stream.write = function patched(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const sink = storage.getStore();
    if (sink) {
      sink(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      if (!echo) {
        const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
        if (callback) process.nextTick(callback);
        return true;
      }
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as WriteFn;
  return () => {
    stream.write = original;
  };
}

function install(): void {
  const consoleOriginals = CONSOLE_LEVELS.map((level) => [level, console[level]] as const);
  for (const [level, original] of consoleOriginals) {
    console[level] = (...args: unknown[]) => {
      const sink = storage.getStore();
      if (sink) {
        sink(level, format(...args));
        if (!echo) return;
        // Echo outside the capture context, so console → stdout is not captured twice.
        storage.exit(() => original.apply(console, args));
        return;
      }
      original.apply(console, args);
    };
  }
  const restoreStdout = patchWrite(process.stdout, 'stdout');
  const restoreStderr = patchWrite(process.stderr, 'stderr');
  restore = () => {
    for (const [level, original] of consoleOriginals) console[level] = original;
    restoreStdout();
    restoreStderr();
  };
}

/**
 * Runs `body` with its console and stdout/stderr output sent to `sink`. With `echoOutput`, the
 * output also reaches the real console.
 */
export async function captureOutput<T>(sink: Sink, echoOutput: boolean, body: () => Promise<T>): Promise<T> {
  if (installed++ === 0) install();
  echo = echoOutput;
  try {
    return await storage.run(sink, body);
  } finally {
    if (--installed === 0) {
      restore?.();
      restore = undefined;
    }
  }
}
