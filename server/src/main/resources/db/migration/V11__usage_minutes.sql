-- Usage for billing and quotas, per minute, user, API key and endpoint, added up by the gateway's
-- metering every few seconds: what GET /api/v1/usage and the monthly token quotas read. It replaces
-- the row per request, whose inserts took more CPU than the gateway itself under load; the
-- per-request log is now a file per day under logs/requests. Browser sessions have api_key_id ''.
create table usage_minutes (
    starts_at         timestamp with time zone not null,
    user_id           varchar(40)              not null,
    api_key_id        varchar(40)              not null,
    endpoint_id       varchar(40)              not null,
    endpoint_name     varchar(100)             not null,
    requests          bigint                   not null,
    errors            bigint                   not null,
    prompt_tokens     bigint                   not null,
    completion_tokens bigint                   not null,
    cost              double precision         not null,
    constraint usage_minutes_pk primary key (starts_at, user_id, api_key_id, endpoint_id)
);

create index usage_minutes_key_idx on usage_minutes (api_key_id, starts_at);

insert into usage_minutes (starts_at, user_id, api_key_id, endpoint_id, endpoint_name, requests, errors,
                           prompt_tokens, completion_tokens, cost)
select date_trunc('minute', at), user_id, coalesce(api_key_id, ''), endpoint_id, max(endpoint_name), count(*),
       sum(case when status >= 400 then 1 else 0 end), sum(prompt_tokens), sum(completion_tokens), sum(cost)
from gateway_requests
group by date_trunc('minute', at), user_id, coalesce(api_key_id, ''), endpoint_id;

drop table gateway_requests;
