import { expect } from 'chai';
import { maskDatabaseMessage } from '../../src/privacy/maskDatabaseMessage.js';

describe('maskDatabaseMessage', () => {
  describe('#maskDatabaseMessage', () => {
    it('masks the values a driver error names, on a database span', () => {
      const db = { 'db.system.name': 'postgresql' };
      expect(maskDatabaseMessage(db, 'invalid input syntax for type integer: "42x"')).to.equal(
        'invalid input syntax for type integer: ?',
      );
      expect(maskDatabaseMessage(db, "value 'bob@example.com' too long for 12")).to.equal(
        'value ? too long for ?',
      );
    });

    it('leaves the message of any other span as it is', () => {
      expect(maskDatabaseMessage({ 'http.request.method': 'GET' }, 'HTTP "42"')).to.equal(
        'HTTP "42"',
      );
    });
  });
});
