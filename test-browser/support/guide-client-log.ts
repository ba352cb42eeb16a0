/**
 * What the guide's complete client example (examples/guide-client-complete.ts) prints
 * on a device against a server that echoes its message and then sends "bye": the seed
 * test and the preview test both check it, one in the harness, one in the preview page.
 */
export const GUIDE_CLIENT_LOG_AGAINST_BYE = [
  'Connected successfully',
  'on open, status:{"status":101,"message":"Switching Protocols"}',
  'Message send successfully',
  'on message, message:Hello, server!',
  'on message, message:bye',
  'Connection closed successfully',
  'on close, code is 1000, reason is CLOSE_NORMAL',
];
