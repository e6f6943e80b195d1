// The only way pages reach the collector: its JSON API, same origin, with the token cookie the login
// page set. A 401 sends the browser to the login page and back here afterwards.

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** `params` entries that are undefined, null or '' are left out, so a cleared filter leaves the URL. */
export function query(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function loginUrl() {
  return `/login${query({ next: location.pathname + location.search })}`;
}

export async function api(path, params) {
  const response = await fetch(path + query(params), { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (response.status === 401) {
    location.assign(loginUrl());
    throw new ApiError(401, body);
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export const sessionApi = (id, rest = '') => `/v1/sessions/${encodeURIComponent(id)}${rest}`;
