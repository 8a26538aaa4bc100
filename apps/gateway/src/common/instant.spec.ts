import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateScheduleDto } from '../schedules/dto/create-schedule.dto';
import { IsInstant, isInstant } from './instant';

class Probe {
  @IsInstant() at: string;
}

describe('IsInstant: a date-time with its offset, on a day the calendar has', () => {
  it.each(['2026-05-01T08:00:00+02:00', '2026-05-01T06:00:00Z', '2024-02-29T00:00:00.123Z'])(
    'takes %s',
    (at) => expect(isInstant(at)).toBe(true),
  );

  it.each([
    '2026-02-30T00:00:00Z',
    '2026-04-31T08:00:00Z',
    '2026-05-01T08:00:00',
    '2026-05-01',
    '2026-05-01T24:00:00Z',
    7,
  ])('refuses %j with the instant message', async (at) => {
    const errors = await validate(plainToInstance(Probe, { at }));
    expect(errors.map((e) => e.constraints)).toEqual([
      { isInstant: expect.stringContaining('ISO 8601 date-time with an offset') },
    ]);
  });

  it('guards a schedule’s expiry', async () => {
    const dto = plainToInstance(CreateScheduleDto, {
      task: 'orders',
      recurrence: { kind: 'interval', everySeconds: 3600 },
      expiresAt: '2026-02-30T00:00:00Z',
    });
    const errors = await validate(dto);
    expect(errors.map((e) => e.property)).toContain('expiresAt');
  });
});
