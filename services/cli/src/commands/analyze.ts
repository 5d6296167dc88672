import { loadAnalyzerEnv, startAnalyzer } from '@tokenwatch/analyzer';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(
      'usage: tokenwatch analyze\n\nConsumes auth-events as its own consumer group, runs the detectors and raises alerts ' +
        '(ClickHouse + token-alerts). Settings: ANALYZER_* variables and DETECTOR_SETTINGS_FILE (see README).',
    );
    return 0;
  }
  const env = loadAnalyzerEnv();
  const running = await startAnalyzer(env);
  const report = () => {
    console.log(
      `analyzer: ${JSON.stringify({ ...running.analyzer.counters, invalid_messages: running.invalidMessages, active_tokens: running.analyzer.activeTokens })}`,
    );
    console.log(`analyzer timings (ms): ${JSON.stringify(running.timings.summary())}`);
  };
  const timer = setInterval(report, 30_000);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(timer);
  report();
  await running.stop();
  return 0;
}
