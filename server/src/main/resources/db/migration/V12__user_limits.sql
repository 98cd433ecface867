-- Per-user limits and quotas, set by admins; null means no limit. The gateway limits hold every key
-- and session of the user together; a key's own limits can only narrow them. New users get the
-- HANGAR_USER_* defaults when they are created; users that exist already get the shipped defaults
-- for keys, endpoints, replicas and storage (admins keep none).
alter table users add column limit_requests_per_minute int;
alter table users add column limit_tokens_per_minute bigint;
alter table users add column limit_monthly_tokens bigint;
alter table users add column limit_keys int;
alter table users add column limit_endpoints int;
alter table users add column limit_replicas int;
alter table users add column limit_storage_bytes bigint;

update users set limit_keys = 50, limit_endpoints = 20, limit_replicas = 20, limit_storage_bytes = 107374182400
    where role = 'user';

-- The monthly quota of a user reads their usage since the month began.
create index usage_minutes_user_idx on usage_minutes (user_id, starts_at);
