import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

// Property shapes the OpenAPI document could not read from a TypeScript type (unions with null
// read as `Object`), named once.
export const ApiDateTime = (options: ApiPropertyOptions = {}) =>
  ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-12-01T10:00:00.000Z',
    ...options,
  } as ApiPropertyOptions);

export const ApiNullableDateTime = (options: ApiPropertyOptions = {}) =>
  ApiDateTime({ nullable: true, ...options } as ApiPropertyOptions);

export const ApiNullableString = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: String, nullable: true, ...options } as ApiPropertyOptions);

// A JSON object whose keys the route does not fix (task parameters, a summary).
export const ApiJsonObject = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'object', additionalProperties: true, ...options } as ApiPropertyOptions);

// `{ items }` of a list answer, as a named schema: `class ShopListDto extends ListOf(ShopDto) {}`.
export function ListOf<T>(item: Type<T>) {
  class List {
    @ApiProperty({ type: [item] })
    items: T[];
  }
  return List;
}

// `{ items, total, limit, offset }` of a paged answer.
export function PageOf<T>(item: Type<T>) {
  class Page extends ListOf(item) {
    @ApiProperty({ example: 1, description: 'rows matching, over all pages' })
    total: number;

    @ApiProperty({ example: 50 })
    limit: number;

    @ApiProperty({ example: 0 })
    offset: number;
  }
  return Page;
}
