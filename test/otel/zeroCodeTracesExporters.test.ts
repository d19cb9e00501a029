import { expect } from 'chai';
import type { TraceExporterName } from '../../src/config.js';
import { zeroCodeTracesExporters } from '../../src/otel/zeroCodeTracesExporters.js';

describe('zeroCodeTracesExporters', () => {
  const cases: {
    names: TraceExporterName[];
    port: number | undefined;
    exporters: TraceExporterName[];
    notice: RegExp | undefined;
  }[] = [
    { names: ['memory'], port: 9469, exporters: ['memory'], notice: undefined },
    {
      names: ['memory', 'otlp'],
      port: undefined,
      exporters: ['memory', 'otlp'],
      notice: undefined,
    },
    {
      names: ['otlp'],
      port: 9469,
      exporters: ['memory', 'otlp'],
      notice:
        /^OTEL_TRACES_EXPORTER=otlp: the dashboard counts every request, and spans also go to otlp/,
    },
    {
      names: ['console'],
      port: 0,
      exporters: ['memory', 'console'],
      notice: /spans also go to console/,
    },
    {
      names: ['otlp', 'console'],
      port: 0,
      exporters: ['memory', 'otlp', 'console'],
      notice: /spans also go to otlp and console/,
    },
    {
      names: ['none'],
      port: 9469,
      exporters: ['memory'],
      notice:
        /^OTEL_TRACES_EXPORTER=none: the dashboard counts every request and no span is exported/,
    },
    {
      names: ['otlp'],
      port: undefined,
      exporters: ['otlp'],
      notice:
        /^OTEL_TRACES_EXPORTER=otlp names no memory and GOLDEN_SIGNALS_PORT=off: this process keeps no dashboard/,
    },
    { names: ['none'], port: undefined, exporters: ['none'], notice: /keeps no dashboard/ },
  ];
  for (const c of cases) {
    it(`reads ${c.names.join(',')} with the own port ${c.port ?? 'off'} as ${c.exporters.join(',')}`, () => {
      const chosen = zeroCodeTracesExporters({ tracesExporters: c.names, dashboardPort: c.port });
      expect(chosen.exporters).to.deep.equal(c.exporters);
      if (c.notice === undefined) expect(chosen.notice).to.equal(undefined);
      else expect(chosen.notice).to.match(c.notice);
    });
  }
});
