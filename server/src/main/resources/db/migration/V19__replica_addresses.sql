-- Where a replica answers, as its backend reported it when it started: a local process's
-- http://host:port, a router endpoint's provider's base URL. The gateway sends a replica's requests
-- there. Null while the slot has nothing serving it. Rows from before are given what the gateway
-- used for them: a local replica's host and port, a ready router replica's upstream base URL.
alter table replicas add column address varchar(2100);
update replicas set address = 'http://' || host || ':' || cast(port as varchar(10)) where port is not null;
update replicas set address = (select u.base_url from endpoint_upstreams u where u.endpoint_id = replicas.endpoint_id)
    where state = 'ready' and pid is null;
