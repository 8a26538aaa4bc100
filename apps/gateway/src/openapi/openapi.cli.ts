import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { answerInfoFlags, EXIT } from '@shopsync/shared';
import { offlineOpenApiDocument } from './openapi-offline';

// `node dist/apps/gateway/src/openapi/openapi.cli.js [file]`: writes the gateway's OpenAPI
// document (the one served at /docs/openapi.json) to the file, or to stdout.
const [file] = process.argv.slice(2);
if (file?.startsWith('-'))
  answerInfoFlags({
    name: 'shopsync-openapi',
    summary: 'writes the OpenAPI document of the gateway, without starting it',
    usage: 'shopsync-openapi [file]',
  });

offlineOpenApiDocument()
  .then((doc) => {
    const json = `${JSON.stringify(doc, null, 2)}\n`;
    if (file) writeFileSync(file, json);
    else process.stdout.write(json);
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `shopsync-openapi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(EXIT.failed);
  });
