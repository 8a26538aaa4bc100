import {
  Body,
  Controller,
  Get,
  INestApplication,
  Module,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ValidateNested } from 'class-validator';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { bodyParsing } from './body-parsing';
import { BoundedIntPipe } from './bounded-int.pipe';
import { NullableOnly } from './nullable-only';
import { DomainExceptionFilter } from './domain-exception.filter';
import { PageQuery } from './page.query';
import { validationPipe } from './validation';

class LineDto {
  @IsString() sku: string;
}
class OrderDto {
  @IsString() name: string;
  @IsOptional() @IsObject() params?: Record<string, unknown>;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => LineDto) lines?: LineDto[];
  // Optional, but never null: several rules.
  @ValidateIf((_o, v) => v !== undefined) @IsInt() @Min(1) @Max(10) attempts?: number;
  @ValidateIf((_o, v) => v !== undefined) @IsString() @MinLength(8) @MaxLength(64) token?: string;
}

@NullableOnly('note')
class PatchDto {
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() note?: string | null;
}

const received: unknown[] = [];

@Controller('t')
class ProbeController {
  @Post()
  create(@Body() body: OrderDto): { ok: true } {
    received.push(body);
    return { ok: true };
  }

  @Get()
  list(@Query() query: PageQuery): PageQuery {
    return query;
  }

  @Patch()
  patch(@Body() body: PatchDto): { ok: true } {
    received.push(body);
    return { ok: true };
  }

  @Get('n')
  n(@Query('offset', new BoundedIntPipe('offset', 0, 10)) offset?: number): { offset?: number } {
    return { offset };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

// The gateway's HTTP input chain (body parsing, validation pipe, exception filter) on a probe
// route: every malformed request is a 4xx naming what is wrong, and never reaches the handler.
describe('gateway input chain', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(ProbeModule, { bodyParser: false, logger: false });
    app.use(...bodyParsing('100kb'));
    app.useGlobalFilters(new DomainExceptionFilter());
    app.useGlobalPipes(validationPipe());
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());
  beforeEach(() => received.splice(0));

  const post = (body: string, headers: Record<string, string> = {}) => {
    let r = request(app.getHttpServer()).post('/t');
    for (const [k, v] of Object.entries({ 'content-type': 'application/json', ...headers }))
      r = r.set(k, v);
    return r.send(body);
  };

  it('takes a valid body, also UTF-8 declared or gzip-encoded', async () => {
    await post('{"name":"a"}').expect(201);
    await post('{"name":"a"}', { 'content-type': 'application/json; charset=UTF-8' }).expect(201);
    // supertest re-encodes a Buffer body, so the compressed one goes over a real socket.
    const gz = await fetch(`${url}/t`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync('{"name":"a"}'),
    });
    expect([gz.status, await gz.json()]).toEqual([201, { ok: true }]);
    expect(received).toHaveLength(3);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a body sent as %s with 415, before reading it',
    async (type) => {
      const res = await post('{"name":"a"}', { 'content-type': type });
      expect([res.status, res.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      expect(res.body.message).toContain('application/json');
      expect(received).toEqual([]);
    },
  );

  it('refuses a body with no Content-Type with 415; a request without a body needs none', async () => {
    const res = await fetch(`${url}/t`, {
      method: 'POST',
      body: new Uint8Array(Buffer.from('{"name":"a"}')),
    });
    expect(res.status).toBe(415);
    // No body at all: validation names the missing field (not a media type problem).
    const empty = await request(app.getHttpServer()).post('/t');
    expect([empty.status, empty.body.errors]).toEqual([
      400,
      [{ field: 'name', message: 'must be given' }],
    ]);
    const typedEmpty = await request(app.getHttpServer())
      .post('/t')
      .set('content-type', 'text/plain');
    expect(typedEmpty.status).toBe(400);
  });

  it.each(['latin9', 'iso-8859-1', 'utf-7', 'utf-16'])(
    'refuses charset=%s with 415',
    async (cs) => {
      const res = await post('{"name":"a"}', { 'content-type': `application/json; charset=${cs}` });
      expect(res.status).toBe(415);
      expect(res.body.message).toContain(cs);
    },
  );

  it.each(['x-unknown', 'compress', 'zstd'])(
    'refuses Content-Encoding %s with 415',
    async (enc) => {
      const res = await post('{"name":"a"}', { 'content-encoding': enc });
      expect(res.status).toBe(415);
      expect(res.body.message).toContain(enc);
    },
  );

  it('answers 400 to a body that does not decode as its Content-Encoding says', async () => {
    for (const enc of ['br', 'gzip', 'deflate']) {
      const res = await post('{"name":"a"}', { 'content-encoding': enc });
      expect([res.status, res.body.message]).toEqual([400, expect.stringContaining(enc)]);
    }
  });

  it('refuses nesting deeper than 64 levels with 400 naming the body', async () => {
    for (const body of [
      `{"name":"a","params":${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}}`,
      '['.repeat(6000) + ']'.repeat(6000),
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'body', message: 'nested deeper than 64 levels' }]);
    }
  });

  it('refuses a NUL character anywhere with 400 naming the field', async () => {
    const res = await post('{"name":"a","params":{"x":["ok","b\\u0000"]}}');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'params.x[1]', message: 'must not contain a NUL character (U+0000)' },
    ]);
    const q = await request(app.getHttpServer()).get('/t?limit=1%00');
    expect([q.status, q.body.errors?.[0]?.field]).toEqual([400, 'limit']);
  });

  it('refuses an array where an object is expected with 400 naming the element', async () => {
    const res = await post('{"name":"a","lines":[{"sku":"x"},[]]}');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'lines[1]', message: 'must be an object, not an array' },
    ]);
    const nul = await post('{"name":null}');
    expect([nul.status, nul.body.errors?.[0]?.field]).toEqual([400, 'name']);
  });

  it('gives one message for a field that is null or of the wrong type, not one per rule', async () => {
    const nul = await post('{"name":"a","attempts":null,"token":null}');
    expect([nul.status, nul.body.errors]).toEqual([
      400,
      [
        { field: 'attempts', message: 'must not be null' },
        { field: 'token', message: 'must not be null' },
      ],
    ]);
    const typed = await post('{"name":"a","attempts":"3","token":12}');
    expect([typed.status, typed.body.errors]).toEqual([
      400,
      [
        { field: 'attempts', message: 'attempts must be an integer number' },
        { field: 'token', message: 'token must be a string' },
      ],
    ]);
    // The right type out of range: the rule that failed.
    const range = await post('{"name":"a","attempts":11,"token":"short"}');
    expect([range.status, range.body.errors]).toEqual([
      400,
      [
        { field: 'attempts', message: 'attempts must not be greater than 10' },
        { field: 'token', message: 'token must be longer than or equal to 8 characters' },
      ],
    ]);
    expect(received).toEqual([]);
  });

  it('refuses an offset too large for any list with 400', async () => {
    const res = await request(app.getHttpServer()).get('/t?offset=1e30');
    expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'offset']);
    await request(app.getHttpServer()).get('/t?offset=2147483647&limit=500').expect(200);
  });

  it('refuses null on a patch field unless the DTO says null clears it', async () => {
    const patch = (body: string) =>
      request(app.getHttpServer()).patch('/t').set('content-type', 'application/json').send(body);
    const res = await patch('{"name":null}');
    expect([res.status, res.body.errors]).toEqual([
      400,
      [{ field: 'name', message: 'must not be null (leave the field out to keep its value)' }],
    ]);
    await patch('{"note":null}').expect(200);
    expect(received).toEqual([{ note: null }]);
  });

  it('bounds an integer query parameter, naming it', async () => {
    const get = (q: string) => request(app.getHttpServer()).get(`/t/n${q}`);
    expect((await get('?offset=7').expect(200)).body).toEqual({ offset: 7 });
    await get('').expect(200);
    for (const bad of ['11', '-1', '99999999999999999999', '1e3', 'x']) {
      const res = await get(`?offset=${bad}`);
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'offset']);
    }
  });

  it('keeps a request aborted mid-body or with a wrong length a 4xx', async () => {
    const res = await post('{"name":"a"}', { 'content-length': '5' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(received).toHaveLength(0);
  });
});
