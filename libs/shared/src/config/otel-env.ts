import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Secret } from './load-config';

// The standard OpenTelemetry variables shopsync reads (the OTLP exporter reads its own
// OTEL_EXPORTER_OTLP_* ones too). Tracing is off unless OTEL_TRACES_EXPORTER names an exporter.
export class OtelEnv {
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  OTEL_SDK_DISABLED?: string;

  @IsOptional()
  @IsIn(['none', 'otlp', 'console'], { message: 'must be none, otlp or console' })
  OTEL_TRACES_EXPORTER?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s):// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s):// URL' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  // `key=value,...`, sent with every export (an API key of the collector, say): secret.
  @IsOptional()
  @Secret()
  @Matches(/^[^=,\s]+=[^,]*(,[^=,\s]+=[^,]*)*$/, { message: 'must be key=value[,key=value...]' })
  OTEL_EXPORTER_OTLP_HEADERS?: string;

  @IsOptional()
  @IsIn(['http/json'], {
    message:
      'must be http/json: shopsync exports OTLP over HTTP as JSON (grpc and http/protobuf are not bundled)',
  })
  OTEL_EXPORTER_OTLP_PROTOCOL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'must be 1-100 of A-Z a-z 0-9 . _ -' })
  OTEL_SERVICE_NAME?: string;

  @IsOptional()
  @IsString()
  OTEL_RESOURCE_ATTRIBUTES?: string;

  @IsOptional()
  @IsIn(
    [
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ],
    {
      message:
        'must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio',
    },
  )
  OTEL_TRACES_SAMPLER?: string;

  @IsOptional()
  @Matches(/^(0(\.\d+)?|1(\.0+)?)$/, { message: 'must be a ratio from 0 to 1' })
  OTEL_TRACES_SAMPLER_ARG?: string;

  // How long spans wait before they are sent in a batch.
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600000)
  OTEL_BSP_SCHEDULE_DELAY?: number;
}

export type TracesExporter = 'otlp' | 'console';

export interface TracingSettings {
  // Undefined: tracing is off (no spans are recorded; trace context is still propagated).
  exporter?: TracesExporter;
  serviceName: string;
  // Full URL of the traces endpoint (`<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`).
  endpoint: string;
  headers: Record<string, string>;
  sampler: string;
  samplerRatio: number;
  scheduleDelayMs: number;
  resourceAttributes: Record<string, string>;
}

function pairs(list: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (list ?? '').split(',')) {
    const at = part.indexOf('=');
    if (at > 0)
      out[decodeURIComponent(part.slice(0, at).trim())] = decodeURIComponent(
        part.slice(at + 1).trim(),
      );
  }
  return out;
}

export function tracingSettings(env: OtelEnv, defaultServiceName: string): TracingSettings {
  const exporter = env.OTEL_TRACES_EXPORTER as TracesExporter | 'none' | undefined;
  const on = env.OTEL_SDK_DISABLED !== 'true' && exporter !== undefined && exporter !== 'none';
  const base = (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318').replace(/\/+$/, '');
  return {
    exporter: on ? exporter : undefined,
    serviceName: env.OTEL_SERVICE_NAME ?? defaultServiceName,
    endpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${base}/v1/traces`,
    headers: pairs(env.OTEL_EXPORTER_OTLP_HEADERS),
    sampler: env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on',
    samplerRatio:
      env.OTEL_TRACES_SAMPLER_ARG === undefined ? 1 : Number(env.OTEL_TRACES_SAMPLER_ARG),
    scheduleDelayMs: env.OTEL_BSP_SCHEDULE_DELAY ?? 5000,
    resourceAttributes: pairs(env.OTEL_RESOURCE_ATTRIBUTES),
  };
}
