import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { asyncApiDocument } from './asyncapi';
import { EVENT_SCHEMA_FILES, JsonSchema } from './event-schemas';

// Beside the OpenAPI document (/docs): the events side, public like it.
@ApiExcludeController()
@Public()
@Controller('docs')
export class DocsController {
  private readonly asyncApi = asyncApiDocument();

  @Get('asyncapi.json')
  asyncApiJson(): Record<string, unknown> {
    return this.asyncApi;
  }

  @Get('schemas/events/:file')
  schema(@Param('file') file: string): JsonSchema {
    const schema = Object.hasOwn(EVENT_SCHEMA_FILES, file) ? EVENT_SCHEMA_FILES[file] : undefined;
    if (!schema) throw new NotFoundException(`no event schema ${file}`);
    return schema;
  }
}
