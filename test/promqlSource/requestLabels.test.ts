import { expect } from 'chai';
import { requestLabelsOf, sourceMatchers } from '../../src/promqlSource/requestLabels.js';

const NAMES = { serviceLabel: 'job', instanceLabel: 'instance' };

describe('requestLabels', () => {
  describe('requestLabelsOf', () => {
    it('reads a series as the store reads a span', () => {
      expect(
        requestLabelsOf(
          {
            http_route: '/a/:id',
            http_request_method: 'POST',
            http_response_status_code: '422',
            error_type: 'ValidationError',
            job: 'shop',
            instance: '10.0.0.1:9464',
          },
          NAMES,
        ),
      ).to.deep.equal({
        endpoint: '/a/:id',
        method: 'POST',
        statusCode: 422,
        errorType: 'ValidationError',
        service: 'shop',
        instance: '10.0.0.1:9464',
      });
    });
    it('names the source by our own labels first, then the scrape', () => {
      const labels = requestLabelsOf(
        { service_name: 'api', service_instance_id: 'w-2', job: 'primary', instance: 'h:9469' },
        NAMES,
      );
      expect([labels.service, labels.instance]).to.deep.equal(['api', 'w-2']);
    });
    it('files a series without route under unmatched, without status as 500, a bare status code as no class', () => {
      const labels = requestLabelsOf({ error_type: '500', http_request_method: 'GET' }, NAMES);
      expect(labels).to.include({ endpoint: 'unmatched', statusCode: 500, errorType: undefined });
    });
    it('files the overflow series under the overflow endpoint', () => {
      expect(requestLabelsOf({ otel_metric_overflow: 'true' }, NAMES).endpoint).to.equal(
        'overflow',
      );
    });
  });

  describe('sourceMatchers', () => {
    it('matches nothing more without a filter', () => {
      expect(sourceMatchers({}, NAMES)).to.deep.equal([[]]);
    });
    it('matches a service by our label, or by the scrape one where ours is absent', () => {
      expect(sourceMatchers({ service: 'a"b' }, NAMES)).to.deep.equal([
        ['service_name="a\\"b"'],
        ['service_name=""', 'job="a\\"b"'],
      ]);
      expect(sourceMatchers({ service: 's', instance: 'i' }, NAMES)).to.have.length(4);
    });
  });
});
