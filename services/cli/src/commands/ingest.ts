import { loadIngestEnv, runIngest } from '@tokenwatch/ingest';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(
      'usage: tokenwatch ingest\n\nConsumes auth-events from Kafka into ClickHouse. Settings: README "Ingest service".',
    );
    return 0;
  }
  await runIngest(loadIngestEnv());
  return 0;
}
