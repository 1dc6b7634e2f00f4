// The gateway's read-only JSON API on the same origin.

/** A gateway error answer ({code, codespace, message}) or a network failure. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code;
    this.codespace = body?.codespace;
  }
}

/** GETs /v1{path} and returns its JSON; throws ApiError on a non-2xx answer. */
export async function get(path) {
  let response;
  try {
    response = await fetch('/v1' + path, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, { message: 'the gateway is not reachable' });
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** Like get, but answers null when the object does not exist (404). */
export async function find(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** A path with its query parameters percent-encoded. */
export function path(base, params) {
  const query = Object.entries(params)
    .filter(([, v]) => v != null && v !== '')
    .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(String(v)))
    .join('&');
  return query ? base + '?' + query : base;
}
