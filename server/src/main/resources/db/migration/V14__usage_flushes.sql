-- The gateway's usage flushes the database applied. The request log numbers each request (seq);
-- a flush adds the usage of the requests first_seq..last_seq to usage_minutes in the same
-- transaction that inserts its row here, so a flush tried again after its answer was lost is seen
-- as applied and skipped, and at start the requests numbered after the highest last_seq are
-- replayed from the request log (their flush was lost with the process).
create table usage_flushes (
    last_seq   bigint                   not null,
    first_seq  bigint                   not null,
    requests   bigint                   not null,
    applied_at timestamp with time zone not null,
    constraint usage_flushes_pk primary key (last_seq)
);
