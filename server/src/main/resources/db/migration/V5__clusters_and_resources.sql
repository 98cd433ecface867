-- Clusters (where replicas run) and resources (hardware profiles a deployment, fine-tune or
-- evaluation asks for). `operations` is a comma-separated subset of deploy, finetune, evaluate.
create table clusters (
    id          varchar(40)              not null primary key,
    name        varchar(64)              not null,
    kind        varchar(16)              not null,
    description varchar(2000),
    created_at  timestamp with time zone not null,
    constraint clusters_name_unique unique (name),
    constraint clusters_kind_check check (kind in ('local', 'kubernetes', 'platform'))
);

create table resources (
    id             varchar(40)              not null primary key,
    cluster_id     varchar(40)              not null,
    name           varchar(64)              not null,
    cpus           int                      not null,
    memory_bytes   bigint                   not null,
    gpu_type       varchar(128),
    gpu_count      int                      not null,
    price_per_hour numeric(12, 4)           not null,
    operations     varchar(64)              not null,
    created_at     timestamp with time zone not null,
    constraint resources_cluster_fk foreign key (cluster_id) references clusters (id) on delete cascade,
    constraint resources_name_unique unique (cluster_id, name),
    constraint resources_cpus_check check (cpus > 0),
    constraint resources_gpus_check check (gpu_count >= 0)
);
