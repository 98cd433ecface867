-- LoRA adapters an endpoint of the built-in runtime serves beside its model: a JSON list of
-- {"name", "modelId"} (registry models), each called as model "<endpoint>:<name>".
alter table endpoints add column adapters varchar(8000) default '[]' not null;

-- Usage per adapter: '' is the endpoint's model itself. The adapter joins the minute's key.
alter table usage_minutes add column adapter varchar(128) default '' not null;
alter table usage_minutes drop constraint usage_minutes_pk;
alter table usage_minutes add constraint usage_minutes_pk
    primary key (starts_at, user_id, api_key_id, endpoint_id, adapter);
