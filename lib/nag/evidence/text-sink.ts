/**
 * Where the evidence writers put their text. At 400 stacks results.csv passes 1 GB and the reports
 * tens of MB, more than V8 can hold as one string (about 512 MB), so the writers hand over small
 * pieces and the file sink writes them out in bounded batches.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface TextSink {
  write(text: string): void;
}

/** Collects the text in memory, for small documents and tests. */
export class StringSink implements TextSink {
  private readonly parts: string[] = [];

  public write(text: string): void {
    this.parts.push(text);
  }

  public toString(): string {
    return this.parts.join('');
  }
}

/** Batches of about this many characters go to the file in one write. */
const BATCH_CHARS = 1 << 16;

/** Writes to a file in batches; `close` flushes the rest. */
export class FileSink implements TextSink {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  public write(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BATCH_CHARS) this.flush();
  }

  public close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }
}

/** Writes a file from a sequence of pieces without joining them into one string. */
export function writeTextFile(path: string, write: (sink: TextSink) => void): void {
  const sink = new FileSink(path);
  try {
    write(sink);
  } finally {
    sink.close();
  }
}
