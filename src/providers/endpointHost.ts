/** The host (and port) of an API base URL: safe to show and log, unlike the full URL's userinfo. */
export function endpointHost(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}
