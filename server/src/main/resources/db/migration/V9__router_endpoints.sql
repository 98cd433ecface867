-- Router endpoints: an endpoint on the 'openai-compatible' runtime runs no replicas of its own; the
-- gateway forwards its requests to an external OpenAI-compatible provider. It has no registry model
-- and no resource; its upstream (base URL, model, encrypted API key) and per-token prices live in
-- endpoint_upstreams.
alter table endpoints alter column model_id drop not null;
alter table endpoints alter column resource_id drop not null;
alter table endpoints add constraint endpoints_model_check
    check (runtime = 'openai-compatible' or (model_id is not null and resource_id is not null));

create table endpoint_upstreams (
    endpoint_id                  varchar(40)    not null primary key,
    base_url                     varchar(2000)  not null,
    model                        varchar(256)   not null,
    -- AES-GCM under a key derived from the server secret; null when the provider needs no key
    api_key                      varchar(4000),
    prompt_price_per_million     numeric(18, 6),
    completion_price_per_million numeric(18, 6),
    constraint endpoint_upstreams_endpoint_fk foreign key (endpoint_id) references endpoints (id) on delete cascade,
    constraint endpoint_upstreams_prices_check check (
        (prompt_price_per_million is null or prompt_price_per_million >= 0)
        and (completion_price_per_million is null or completion_price_per_million >= 0))
);
