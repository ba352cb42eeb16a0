/** A line break with the blanks around it; a run of them counts as one. */
const LINE_BREAKS = /(?:[ \t]*(?:\r\n|[\n\v\f\r\u0085\u2028\u2029])[ \t]*)+/g;
/** Line breaks that end an inner text, right before the bracket that closes it: "(…:350:\n)". */
const BREAKS_BEFORE_CLOSING = /(?:[ \t]*(?:\r\n|[\n\v\f\r\u0085\u2028\u2029])[ \t]*)+(?=[)\]}])/g;
/** C0 and C1 control characters other than line breaks and tabs. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

/**
 * `text` on one line, for a log line or a reply to the page. Line breaks (OpenSSL's
 * error strings end in one, a stack has one per frame) become " | ", or nothing at the
 * end of the text or of a bracketed part; a tab becomes a space, and every other
 * control character a visible \u escape, so that nothing the relay reports can start a
 * line of its own or move a terminal's cursor.
 */
export function singleLine(text: string): string {
  return text
    .trim()
    .replace(BREAKS_BEFORE_CLOSING, '')
    .replace(LINE_BREAKS, ' | ')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
