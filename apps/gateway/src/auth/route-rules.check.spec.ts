import { Controller, Get, Module, Post } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Public } from './auth.decorators';
import { RouteRulesCheck } from './route-rules.check';
import { ShopAccess } from './shop-access';

@ShopAccess.param('code')
@Controller('v1/shops/:code/things')
class DeclaredController {
  @Get()
  list(): string[] {
    return [];
  }
}

@Controller('v1/widgets')
class ForgetfulController {
  @Get()
  @ShopAccess.unrestricted()
  list(): string[] {
    return [];
  }

  @Post()
  create(): string {
    return 'created';
  }
}

@Public()
@Controller('open')
class OpenController {
  @Get()
  hello(): string {
    return 'hi';
  }
}

async function boot(...controllers: Array<new () => object>): Promise<void> {
  @Module({ imports: [DiscoveryModule], controllers, providers: [RouteRulesCheck] })
  class M {}
  const ref = await Test.createTestingModule({ imports: [M] }).compile();
  const app = ref.createNestApplication({ logger: false });
  try {
    await app.init();
  } finally {
    await app.close();
  }
}

describe('RouteRulesCheck', () => {
  it('boots when every route is public or declares its shop rule', async () => {
    await expect(boot(DeclaredController, OpenController)).resolves.toBeUndefined();
  });

  it('refuses to boot, naming the route, when one declares no shop rule', async () => {
    await expect(boot(DeclaredController, ForgetfulController)).rejects.toThrow(
      'routes without @Public or a ShopAccess rule: ForgetfulController.create',
    );
  });
});
