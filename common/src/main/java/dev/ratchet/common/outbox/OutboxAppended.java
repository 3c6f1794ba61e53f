package dev.ratchet.common.outbox;

/** Fired when an event is written to the outbox; observed after commit to relay it without waiting. */
record OutboxAppended() {}
