import { IsOptional, Matches } from 'class-validator';
import { CommonEnv } from './common-env';
import { ConfigInvalid, envVarNames, loadEnv, redactEnv, Secret } from './load-config';

class AppEnv extends CommonEnv {
  @IsOptional()
  @Secret()
  @Matches(/^k-/)
  APP_KEY?: string;
}

describe('loadEnv', () => {
  it('reads only declared variables, converting numbers', () => {
    const env = loadEnv(CommonEnv, {
      KAFKA_PARTITIONS: '24',
      UNRELATED: 'x',
      KAFKA_BROKERS: 'a:1,b:2',
    });
    expect(env.KAFKA_PARTITIONS).toBe(24);
    expect(env.KAFKA_BROKERS).toBe('a:1,b:2');
    expect((env as unknown as Record<string, unknown>).UNRELATED).toBeUndefined();
  });

  it('fails with the whole list of bad variables, hiding secret values', () => {
    let error: ConfigInvalid | undefined;
    try {
      loadEnv(CommonEnv, {
        KAFKA_PARTITIONS: 'many',
        KAFKA_BROKERS: 'nohostport',
        DATABASE_URL: 'mysql://secret-password@x',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e as ConfigInvalid;
    }
    expect(error).toBeInstanceOf(ConfigInvalid);
    const fields = error!.problems.map((p) => p.split(':')[0]).sort();
    expect(fields).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_PARTITIONS', 'LOG_LEVEL']);
    expect(error!.message).not.toContain('secret-password');
  });

  it('lists its variables and redacts secrets', () => {
    expect(envVarNames(CommonEnv)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'KAFKA_BROKERS', 'SQLITE_PATH']),
    );
    const env = loadEnv(CommonEnv, { DATABASE_URL: 'postgres://u:pw@h/db' });
    expect(redactEnv(CommonEnv, env).DATABASE_URL).toBe('[redacted]');
  });

  it('keeps secrets of a base class secret in a subclass', () => {
    expect(() =>
      loadEnv(AppEnv, { DATABASE_URL: 'mysql://secret-password@x', APP_KEY: 'leaked-key' }),
    ).toThrow(ConfigInvalid);
    try {
      loadEnv(AppEnv, { DATABASE_URL: 'mysql://secret-password@x', APP_KEY: 'leaked-key' });
    } catch (e) {
      expect((e as Error).message).not.toMatch(/secret-password|leaked-key/);
    }
    const env = loadEnv(AppEnv, { DATABASE_URL: 'postgres://u:pw@h/db', APP_KEY: 'k-1' });
    expect(redactEnv(AppEnv, env)).toMatchObject({
      DATABASE_URL: '[redacted]',
      APP_KEY: '[redacted]',
    });
  });
});
