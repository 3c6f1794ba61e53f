-- MLflow's model registry: named models, their numbered versions (a source URI, usually a run's
-- logged model), tags on both, and aliases naming one version each. Renaming a model cascades.
create table registered_model (
    name        text        primary key,
    description text        not null default '',
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create table registered_model_tag (
    model_name text not null references registered_model (name) on update cascade on delete cascade,
    key        text not null,
    value      text not null,
    primary key (model_name, key)
);

create table model_version (
    model_name  text        not null references registered_model (name) on update cascade on delete cascade,
    version     integer     not null,
    source      text        not null,
    run_id      uuid,
    run_link    text        not null default '',
    description text        not null default '',
    user_id     text        not null default '',
    stage       text        not null default 'None',
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    primary key (model_name, version)
);
create index model_version_run_idx on model_version (run_id);

create table model_version_tag (
    model_name text    not null,
    version    integer not null,
    key        text    not null,
    value      text    not null,
    primary key (model_name, version, key),
    foreign key (model_name, version) references model_version (model_name, version)
        on update cascade on delete cascade
);

create table registered_model_alias (
    model_name text    not null,
    alias      text    not null,
    version    integer not null,
    primary key (model_name, alias),
    foreign key (model_name, version) references model_version (model_name, version)
        on update cascade on delete cascade
);
