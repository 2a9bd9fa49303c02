/**
 * The one test cookie jar: what a browser keeps from Set-Cookie, for the API
 * tests (helpers/http.ts) and the bench's load client (bench/lib/http.ts).
 */

/** Cookies a browser would keep, updated from every response's Set-Cookie. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = "", date = ""] = attribute.trim().split("=");
        const lower = key.toLowerCase();
        return (lower === "max-age" && Number(date) <= 0) || (lower === "expires" && Date.parse(date) <= Date.now());
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /** A copy, so a test can replay an old cookie from "another device". */
  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [name, value] of this.cookies) copy.set(name, value);
    return copy;
  }

  /** A `Cookie` header of the cookies whose names `keep` accepts (default: all). */
  header(keep: (name: string) => boolean = () => true): string {
    return [...this.cookies]
      .filter(([name]) => keep(name))
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }
}
