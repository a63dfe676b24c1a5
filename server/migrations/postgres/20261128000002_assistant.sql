-- The assistant's memory of a conversation, token usage of the LLM engine, and handoff flags.

-- Dialogue state of the embedded engine (JSON): last search, shown products, slots.
alter table conversation add column state text not null default '{}';
-- Set when the shopper asks for a person or the assistant can't resolve the request.
alter table conversation add column needs_human bigint not null default 0;
alter table conversation add column handoff_summary text;
-- Tokens the LLM engine used in this conversation.
alter table conversation add column llm_prompt_tokens bigint not null default 0;
alter table conversation add column llm_completion_tokens bigint not null default 0;

-- Which engine wrote an assistant message: 'embedded', 'openai', or 'fallback'.
alter table message add column engine text;
