import { expect } from 'chai';
import { mongoShape } from '../../../src/privacy/statement/mongoShape.js';

describe('mongoShape', () => {
  describe('#mongoShape', () => {
    it('names the operation and collection, then the filter shape', () => {
      expect(mongoShape('{"find":"orders","filter":{"status":"paid"},"limit":5}')).to.equal(
        'find orders {status:?}',
      );
    });

    it('reads a filter from the first update', () => {
      expect(
        mongoShape('{"update":"orders","updates":[{"q":{"_id":1},"u":{"$set":{"a":2}}}]}'),
      ).to.equal('update orders {_id:?}');
    });

    it('stops reading past its depth bound', () => {
      const deep = `{"a":${'['.repeat(2000)}`;
      expect(mongoShape(deep)).to.match(/^\{a:/);
    });

    it('masks a collection name that is not a plain name', () => {
      expect(mongoShape('{"find":"has space","filter":{}}')).to.equal('find {}');
    });
  });
});
