-- An unanswered question may also be one the assistant answered with low confidence (the
-- best of the shop's answers covered only part of it). SQLite can't change a check
-- constraint in place, so the table is rebuilt with its rows.
create table unanswered_question_new (
    id integer primary key,
    shop_id integer not null references shop (id),
    -- Where it was asked (no foreign key: the list outlives deleted conversations).
    conversation_id text,
    question text not null,
    language text not null check (language in ('en', 'es')),
    -- `no_match`: nothing the shop wrote answers it; `low_confidence`: the best answer covers
    -- only part of it; `handed_off`: a person was asked for.
    reason text not null check (reason in ('no_match', 'low_confidence', 'handed_off')),
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
insert into unanswered_question_new (id, shop_id, conversation_id, question, language, reason, created_at)
select id, shop_id, conversation_id, question, language, reason, created_at from unanswered_question;
drop table unanswered_question;
alter table unanswered_question_new rename to unanswered_question;
create index unanswered_question_shop on unanswered_question (shop_id, created_at);
