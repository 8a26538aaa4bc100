import { PipeTransform } from '@nestjs/common';
import { ValidationFailed } from '@shopsync/shared';

// An integer query parameter within bounds, or 400 naming it (ParseIntPipe takes 1e20 as well).
export class BoundedIntPipe implements PipeTransform<unknown, number | undefined> {
  constructor(
    private readonly field: string,
    private readonly min: number,
    private readonly max: number,
  ) {}

  transform(value: unknown): number | undefined {
    if (value === undefined || value === '') return undefined;
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^-?\d{1,16}$/.test(value)
          ? Number(value)
          : NaN;
    if (!Number.isSafeInteger(n) || n < this.min || n > this.max)
      throw new ValidationFailed([
        { field: this.field, message: `must be an integer from ${this.min} to ${this.max}` },
      ]);
    return n;
  }
}
