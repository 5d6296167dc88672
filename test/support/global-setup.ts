import { testServices } from '@tokenwatch/testkit';

/** Integration tests need the real services; say so once, clearly, instead of failing in every file. */
export default async function setup(): Promise<void> {
  const { clickhouseUrl } = testServices();
  const response = await fetch(new URL('/ping', clickhouseUrl)).catch((error: unknown) => {
    throw new Error(`ClickHouse at ${clickhouseUrl} is not reachable: ${String(error)}`);
  });
  if (!response.ok) throw new Error(`ClickHouse at ${clickhouseUrl} answered ${response.status} to /ping`);
}
