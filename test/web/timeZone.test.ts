import { expect } from 'chai';
import { timeZoneText, utcOffsetText } from '../../web/timeZone.js';

describe('web/timeZone', () => {
  describe('#utcOffsetText', () => {
    const cases: [number, string][] = [
      [0, 'UTC'],
      [60, 'UTC+01:00'],
      [330, 'UTC+05:30'],
      [-300, 'UTC−05:00'],
    ];
    for (const [minutes, text] of cases) {
      it(`writes ${minutes} minutes east as ${text}`, () => {
        expect(utcOffsetText(minutes)).to.equal(text);
      });
    }
  });

  it('names the zone beside the offset', () => {
    expect(timeZoneText(0, 'UTC')).to.match(/^Times in UTC/);
    expect(timeZoneText(0, 'Europe/Paris')).to.match(/^Times in Europe\/Paris \(UTC/);
  });
});
