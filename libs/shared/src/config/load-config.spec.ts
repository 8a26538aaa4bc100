import { CommonEnv } from './common-env';
import { ConfigInvalid, envVarNames, loadEnv, redactEnv } from './load-config';

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
});
