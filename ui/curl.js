/** Quotes a word for a POSIX shell: inside single quotes, only the single quote needs care. */
export function shellQuote(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

/** Headers a curl command sets by itself, or that belong to one connection only. */
const SKIPPED = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'accept-encoding',
  'transfer-encoding',
  'upgrade',
  'te',
]);

function bodyText(body, contentType) {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (contentType?.includes('application/x-www-form-urlencoded') && typeof body === 'object') {
    return new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString();
  }
  return JSON.stringify(body);
}

/** A curl command line for one request; `headers` as an object of names to values. */
export function curlCommand({ method, url, headers = {}, body }) {
  const parts = [`curl -X ${method} ${shellQuote(url)}`];
  let contentType;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (SKIPPED.has(lower) || lower.startsWith(':')) continue;
    if (lower === 'content-type') contentType = String(value);
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`-H ${shellQuote(`${name}: ${v}`)}`);
  }
  const text = bodyText(body, contentType);
  if (text !== undefined) {
    if (!contentType) parts.push(`-H ${shellQuote('Content-Type: application/json')}`);
    parts.push(`--data-raw ${shellQuote(text)}`);
  }
  return parts.join(' \\\n  ');
}
