import { MAX_WHY_CHARS } from '../protocol/relay-protocol.js';
import { singleLine } from './single-line.js';

/**
 * The `why` of a reply (relay-protocol.ts, Why): the relay's reason on one line, with
 * its token cut out wherever it might have got in, at most MAX_WHY_CHARS long. The
 * reasons themselves never hold a file's contents or a header's value; policy refusals
 * are told as OUTBOUND_POLICY_REFUSAL by the caller, before they get here.
 */
export function whyForPage(why: string, token: string): string {
  let text = singleLine(why);
  if (token !== '') text = text.split(token).join('[token]');
  if (text.length <= MAX_WHY_CHARS) return text;
  let end = MAX_WHY_CHARS - 1;
  // Never half a surrogate pair.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
