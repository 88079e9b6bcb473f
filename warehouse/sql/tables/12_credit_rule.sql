-- 学分规则: the rule set the credit ledger uses (credits/rules.py, written by credits/store.py
-- at every build from settings.CREDIT_RULES). One row in credit_rule_set; the other tables
-- hold its categories and groups, and the rule resolved for every (tier, form, theme) of the
-- program table and every (level, category) of awards. Empty until a build writes them.
create table if not exists credit_rule_set (
    rule_id          varchar primary key,
    name             varchar not null,
    source           varchar not null,
    check_note       varchar not null,
    unit             varchar not null check (unit in ('hours', 'credits')),
    cycle_years      integer not null,
    cycle_start      integer not null,
    total            double not null,
    yearly_min       double not null,
    new_teacher      double not null,
    hours_per_credit double not null,      -- the default conversion
    per_course_cap   double,
    per_year_cap     double,
    yearly_max       double,               -- per_year_cap, else the forecast's assumption
    award_cap        double,
    degree_cap       double,
    digest           varchar not null,     -- sha256 of the rules as checked: which version was applied
    rules_toml       varchar not null      -- the file as written
);
create table if not exists credit_rule_bucket (
    kind        varchar not null check (kind in ('category', 'group')),
    position    integer not null,
    name        varchar not null,
    min_amount  double not null,
    max_amount  double
);
create table if not exists credit_rule_match (
    train_tier       varchar not null,
    form             varchar not null,     -- '' when the program has none
    theme            varchar not null,     -- '' when the program has none
    hours_per_credit double not null,
    category         varchar,
    cap_group        varchar,
    is_degree        boolean not null
);
create table if not exists credit_rule_award (
    award_level  varchar not null,
    category     varchar not null,         -- '' when the award has none
    amount       double not null
);
