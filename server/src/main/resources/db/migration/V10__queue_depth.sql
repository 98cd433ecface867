-- The most requests waiting for a replica slot at once in each endpoint minute (requests in flight
-- beyond the ready replicas' slots), for the queue-depth chart and the autoscaler.
alter table endpoint_minutes add column queue_max int default 0 not null;
