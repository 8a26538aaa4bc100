import { Column, ColumnOptions, getMetadataArgsStorage } from 'typeorm';

// PostgreSQL stores instants as timestamptz; SQLite knows only `datetime` (TypeORM keeps them as
// UTC text there). Entities declare one portable column and the data source picks the driver's
// type just before it builds its metadata.
const portableDateColumns: Array<{ target: object; propertyName: string }> = [];

export function DateTimeColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return (target, propertyName) => {
    portableDateColumns.push({ target: target.constructor, propertyName: String(propertyName) });
    Column({ ...options, type: 'timestamptz' })(target, propertyName);
  };
}

export type DriverKind = 'postgres' | 'better-sqlite3';

export function applyDriverColumnTypes(driver: DriverKind): void {
  const type = driver === 'postgres' ? 'timestamptz' : 'datetime';
  for (const col of getMetadataArgsStorage().columns) {
    if (
      portableDateColumns.some(
        (p) => p.target === col.target && p.propertyName === col.propertyName,
      )
    ) {
      col.options.type = type;
    }
  }
}
