import { plainToInstance, Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { nestedShapeErrors } from './nested-shape';

class Leaf {
  @IsString() name: string;
}
class Item {
  @IsString() sku: string;
  @ValidateNested({ each: true }) @Type(() => Leaf) leaves: Leaf[];
  @IsOptional() @ValidateNested() @Type(() => Leaf) main?: Leaf;
}
class Batch {
  @ValidateNested({ each: true }) @Type(() => Item) items: Item[];
}

const errors = (plain: object) =>
  nestedShapeErrors(plainToInstance(Batch, plain)).map((e) => [
    e.property,
    Object.values(e.constraints ?? {})[0],
  ]);

describe('nestedShapeErrors', () => {
  it('finds nothing in well-shaped input', () => {
    expect(errors({ items: [{ sku: 'a', leaves: [{ name: 'x' }], main: { name: 'y' } }] })).toEqual(
      [],
    );
  });

  it('names every array standing where an object is expected, at any depth', () => {
    expect(
      errors({ items: [[], { sku: 'a', leaves: [{ name: 'x' }, [[]]], main: [{ name: 'y' }] }] }),
    ).toEqual([
      ['items[0]', 'must be an object, not an array'],
      ['items[1].leaves[1]', 'must be an object, not an array'],
      ['items[1].main', 'must be an object, not an array'],
    ]);
  });

  it('leaves null and primitives to class-validator, which already refuses them', () => {
    expect(errors({ items: [null, 'x', 3] })).toEqual([]);
  });
});
