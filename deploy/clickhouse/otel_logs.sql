-- The OpenTelemetry Collector ClickHouse exporter's logs table, as the exporter creates it
-- (exporter/clickhouseexporter, internal/sqltemplates/logs_table.sql, read at commit
-- e3bd2d1d648f1868f50a8f2c1b68f7ce451ee6eb of opentelemetry-collector-contrib; written out
-- here, not copied), with our retention. The collector config sets create_schema: false, so
-- this file is the schema: apply it once per cluster before starting the collectors.
--   clickhouse-client --multiquery < deploy/clickhouse/otel_logs.sql
-- Database `default`, table `otel_logs`: the exporter's and va-rollout-collector's defaults.
--
-- Retention: 90 days (TimestampTime + 90 days), whole daily partitions dropped
-- (ttl_only_drop_parts = 1: no row-level TTL merges). A rollout stage lasts days to weeks;
-- 90 days keeps every stage of a quarter's rollout comparable in one report.
--
-- Duplicates: the SDK resends records whose acknowledgement it did not see and MergeTree
-- keeps every copy. The report's queries count each va_rollout.event.id once in the query
-- (LIMIT 1 BY over the window, see docs/clickhouse.md), so this table stays exactly the
-- exporter's: nothing extra to store, and the exporter's inserts are unchanged.
CREATE TABLE IF NOT EXISTS `default`.`otel_logs`
(
    Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
    TimestampTime DateTime DEFAULT toDateTime(Timestamp),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    TraceFlags UInt8,
    SeverityText LowCardinality(String) CODEC(ZSTD(1)),
    SeverityNumber UInt8,
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    Body String CODEC(ZSTD(1)),
    ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
    ScopeName String CODEC(ZSTD(1)),
    ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
    ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    EventName String CODEC(ZSTD(1)),

    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
)
ENGINE = MergeTree
PARTITION BY toDate(TimestampTime)
PRIMARY KEY (ServiceName, TimestampTime)
ORDER BY (ServiceName, TimestampTime, Timestamp)
TTL TimestampTime + toIntervalDay(90)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;
