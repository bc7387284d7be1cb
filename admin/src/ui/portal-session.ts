/**
 * Reads what an admin pastes as a WB portal session: our JSON (`{"cookies": {...}, "authorizev3": "..."}`), a
 * browser extension's cookie export (`[{"name", "value", ...}]`), or a `Cookie:` header line. Returns null
 * when nothing usable is there.
 */
export function parsePortalSession(
  text: string,
): { cookies: Record<string, string>; authorizev3?: string } | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const fromList = (list: unknown[]) => {
    const cookies: Record<string, string> = {};
    for (const item of list) {
      if (item && typeof item === 'object' && 'name' in item && 'value' in item) {
        cookies[String((item as { name: unknown }).name)] = String((item as { value: unknown }).value);
      }
    }
    return cookies;
  };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return null;
    }
    if (Array.isArray(parsed)) return { cookies: fromList(parsed) };
    if (parsed && typeof parsed === 'object') {
      const obj = parsed as { cookies?: unknown; authorizev3?: unknown };
      const cookies = Array.isArray(obj.cookies)
        ? fromList(obj.cookies)
        : obj.cookies && typeof obj.cookies === 'object'
          ? Object.fromEntries(Object.entries(obj.cookies).map(([k, v]) => [k, String(v)]))
          : {};
      return {
        cookies,
        ...(typeof obj.authorizev3 === 'string' && obj.authorizev3 ? { authorizev3: obj.authorizev3 } : {}),
      };
    }
    return null;
  }
  const cookies: Record<string, string> = {};
  for (const part of trimmed.replace(/^cookie:\s*/i, '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return Object.keys(cookies).length > 0 ? { cookies } : null;
}
