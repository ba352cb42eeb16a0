/**
 * Why the direct wire (a page's own fetch, HTTP §13.2) cannot give the device's answer:
 * the reasons the cases name, each one listed in the README's "Differences from the
 * device" (http in direct mode). The dev relay and Node give the device's answer.
 */
export const DIRECT_HTTP = {
  headerOrder: "header order: the browser sends request headers in an order of its own, not curl's lexicographic one",
  contentLength: "a page's POST without a body sends Content-Length: 0 (fetch's rule; curl sends none)",
  methodCase: 'fetch upper-cases the standard methods written in lower case ("get" goes out as GET)',
  browserHeaders: "a page's request carries the page's Origin (cross-origin) and the browser's own User-Agent",
  joinedHeaders: 'a page sees repeated response headers joined with ", " and never sees Set-Cookie',
  redirectHops: 'a page sees only the final response of a redirect: not the hops, their headers or their cookies',
  failureCodes:
    "a page's fetch has one TypeError for every network failure: it cannot tell an empty reply (2300052) from a refused connection, nor a body cut short (2300018) from a reset (2300056)",
  cookieJar: 'a page has no cookie jar per request or per object: the cookies field is empty, and no cookie is sent back',
} as const;
