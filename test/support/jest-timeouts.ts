// Integration and end-to-end specs start real servers: give hooks and tests room.
jest.setTimeout(Number(process.env.TEST_TIMEOUT_MS ?? 300_000));
