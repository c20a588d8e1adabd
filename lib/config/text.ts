/**
 * How the kit measures and vets the text of names people see: network, agency, group, user, bot
 * and partner names, and the other strings that end up in a Wickr client or a report.
 *
 * Length is counted in Unicode code points. That is how the Wickr API model's length traits count
 * (Smithy counts a string's length in Unicode scalar values), how the kit's schema (zod) counts, and
 * how the emulator counts. An emoji such as 😀 is one character, a flag such as 🇦🇺 two, a letter
 * with a combining accent two; in UTF-16 units (JavaScript's `length`) 😀 would count two.
 *
 * A name must not hold characters that change how other text looks or that are no characters at all:
 * - control characters (C0 and C1, DEL, and the line and paragraph separators U+2028 and U+2029):
 *   a NUL, newline, ESC or BEL in a name breaks logs, terminals and the one-line messages;
 * - bidirectional controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069): a
 *   right-to-left override lets one name pose as another in a user's client;
 * - lone surrogates (U+D800 to U+DFFF outside a pair): not characters, and not valid UTF-8.
 */

import type { z } from 'zod';

/** Length in Unicode code points (a surrogate pair counts one, a lone surrogate one). */
export function codePointLength(text: string): number {
  let n = 0;
  // String iteration yields code points: a surrogate pair once, a lone surrogate once.
  for (const _ of text) n++;
  return n;
}

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** U+XXXX of the first character a pattern matches. */
function codeOf(text: string, pattern: RegExp): string {
  const found = pattern.exec(text)![0];
  return `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why a name people see cannot hold this text, or undefined when it can. */
export function unsafeTextReason(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) {
    return `must not contain an unpaired surrogate (${codeOf(text, LONE_SURROGATE)}): it is not a character, and cannot be stored as UTF-8`;
  }
  if (CONTROL.test(text)) {
    return `must not contain control characters (${codeOf(text, CONTROL)}): names are one line of visible text`;
  }
  if (BIDI.test(text)) {
    return `must not contain bidirectional control characters (${codeOf(text, BIDI)}): they let one name pose as another in a user's client`;
  }
  return undefined;
}

/** Characters a one-line message must not print raw: the ones above, shown as \u escapes instead. */
const UNPRINTABLE = /[\p{Cc}\p{Cs}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/** The text with every unsafe character written as a \u escape, so a message stays one honest line. */
export function escapeUnsafeText(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A string schema that also refuses what `unsafeTextReason` refuses, naming the character. */
export function visibleText<T extends z.ZodString>(schema: T): T {
  return schema.refine((v) => unsafeTextReason(v) === undefined, { error: (issue) => unsafeTextReason(String(issue.input)) ?? 'invalid text' }) as T;
}
