/** What `BrowserFetch` takes beyond fetch's options: `form` posts URL-encoded fields, as an HTML form does. */
type BrowserRequest = RequestInit & { form?: Record<string, string> };

/** A fetch against one server that keeps its cookies and sends its Origin, as one browser would; `cookie()` is the Cookie header it sends. */
interface BrowserFetch {
  (path: string, init?: BrowserRequest): Promise<Response>;
  cookie(): string;
}

/** A `BrowserFetch` on `baseUrl`, its cookie jar empty; redirects are not followed (a test reads them). */
export function browserFetch(baseUrl: string): BrowserFetch {
  let cookie = "";
  const send = async (path: string, init: BrowserRequest = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set("origin", baseUrl);
    if (cookie) headers.set("cookie", cookie);
    let body = init.body;
    if (init.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(`${baseUrl}${path}`, { ...init, headers, body, redirect: "manual" });
    const jar = new Map(cookie.split("; ").filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf("=")), pair]));
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0]!;
      jar.set(pair.slice(0, pair.indexOf("=")), pair);
    }
    cookie = [...jar.values()].join("; ");
    return response;
  };
  return Object.assign(send, { cookie: () => cookie });
}
