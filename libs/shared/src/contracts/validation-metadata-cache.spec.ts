import {
  IsInt,
  IsString,
  Min,
  validate,
  getMetadataStorage,
  MetadataStorage,
} from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  name!: string;
}

class Child extends Base {
  @IsInt()
  @Min(1)
  count!: number;
}

const of = <T extends object>(cls: new () => T, values: Partial<T>) =>
  Object.assign(new cls(), values);

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates as before, inherited rules included, on repeated calls', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await validate(of(Child, { name: 'a', count: 2 }))).toEqual([]);
      const errors = await validate(of(Child, { name: 3 as unknown as string, count: 0 }));
      expect(errors.map((e) => e.property).sort()).toEqual(['count', 'name']);
    }
  });

  it('keeps whitelisting by the cached groups', async () => {
    const errors = await validate(of(Child, { name: 'a', count: 1, extra: 1 } as Partial<Child>), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    expect(errors.map((e) => e.property)).toEqual(['extra']);
  });

  it('sees a rule added after a class was first validated', async () => {
    class Late {
      @IsString()
      a!: string;
      b!: number;
    }
    expect(await validate(of(Late, { a: 'x', b: 'no' as unknown as number }))).toEqual([]);
    IsInt()(Late.prototype, 'b');
    const errors = await validate(of(Late, { a: 'x', b: 'no' as unknown as number }));
    expect(errors.map((e) => e.property)).toEqual(['b']);
  });

  it('answers per groups option', async () => {
    class Grouped {
      @IsString({ groups: ['x'] })
      a!: string;
    }
    const bad = of(Grouped, { a: 1 as unknown as string });
    expect(await validate(bad, { groups: ['x'] })).toHaveLength(1);
    expect(await validate(bad, { groups: ['y'], forbidUnknownValues: false })).toHaveLength(0);
    expect(await validate(bad, { groups: ['x'] })).toHaveLength(1);
  });

  it('installs once per storage', () => {
    const storage = new MetadataStorage();
    cacheValidationMetadata(storage);
    const first = storage.getTargetValidationMetadatas;
    cacheValidationMetadata(storage);
    expect(storage.getTargetValidationMetadatas).toBe(first);
    expect(getMetadataStorage().getTargetValidationMetadatas).not.toBe(
      MetadataStorage.prototype.getTargetValidationMetadatas,
    );
  });
});
