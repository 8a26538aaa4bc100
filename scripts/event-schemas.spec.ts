import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateEventSchemas } = require('./event-schemas') as {
  generateEventSchemas(): Record<string, object>;
};

// The checked-in schemas are what the TypeScript contracts generate: a field added to a
// contract without `node scripts/event-schemas.js` fails here.
describe('schemas/events', () => {
  it('match the TypeScript contracts', () => {
    const generated = generateEventSchemas();
    expect(Object.keys(generated).length).toBe(6);
    for (const [name, schema] of Object.entries(generated)) {
      const file = join(__dirname, '..', 'schemas', 'events', `${name}.json`);
      expect([name, JSON.parse(readFileSync(file, 'utf8'))]).toEqual([name, schema]);
    }
  });
});
