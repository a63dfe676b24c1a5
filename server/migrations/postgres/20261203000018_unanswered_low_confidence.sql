-- An unanswered question may also be one the assistant answered with low confidence (the
-- best of the shop's answers covered only part of it). (SQLite rebuilds the table to change
-- the check; PostgreSQL replaces the constraint in place, keeping the rows, ids and index.)

-- `no_match`: nothing the shop wrote answers it; `low_confidence`: the best answer covers
-- only part of it; `handed_off`: a person was asked for.
alter table unanswered_question drop constraint unanswered_question_reason_check;
alter table unanswered_question add constraint unanswered_question_reason_check
    check (reason in ('no_match', 'low_confidence', 'handed_off'));
