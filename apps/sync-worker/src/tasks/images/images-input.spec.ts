import { imagesInput, ownedAfterSet } from './images-input';

const A = 'https://img.example.com/a.jpg';
const B = 'https://img.example.com/b.jpg';
const C = 'https://img.example.com/c.jpg';

describe('imagesInput / ownedAfterSet', () => {
  it("replaces shopsync's media, keeps the others, and lists a kept image by id", () => {
    const set = imagesInput([B, C, C], 'Tee', { [A]: 'm1', [B]: 'm2' }, ['m1', 'm2', 'm9']);
    expect(set.files).toEqual([
      { id: 'm2' },
      { originalSource: C, contentType: 'IMAGE', alt: 'Tee' },
      { id: 'm9' },
    ]);
    expect(ownedAfterSet(set, ['m1', 'm2', 'm9'], ['m2', 'm10', 'm9'])).toEqual({
      [B]: 'm2',
      [C]: 'm10',
    });
  });

  it('uploads again an image whose recorded media is gone', () => {
    const set = imagesInput([A], 'Tee', { [A]: 'm1' }, []);
    expect(set.files).toEqual([{ originalSource: A, contentType: 'IMAGE', alt: 'Tee' }]);
  });

  it('keeps every media when nothing is recorded', () => {
    expect(imagesInput([A], 'Tee', null, ['m1', 'm2']).files).toEqual([
      { originalSource: A, contentType: 'IMAGE', alt: 'Tee' },
      { id: 'm1' },
      { id: 'm2' },
    ]);
  });
});
