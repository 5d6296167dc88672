export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}
export interface HttpResponse {
  status: number;
  /** First bytes of the response body, for the delivery log. */
  snippet: string;
}
/** Sends one POST; rejects when there is no HTTP answer (refused, DNS, timeout). */
export type HttpPost = (request: HttpRequest) => Promise<HttpResponse>;

export const fetchPost: HttpPost = async (request) => {
  const response = await fetch(request.url, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  const text = await response.text().catch(() => '');
  return { status: response.status, snippet: text.slice(0, 256) };
};
