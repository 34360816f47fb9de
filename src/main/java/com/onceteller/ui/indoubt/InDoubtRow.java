package com.onceteller.ui.indoubt;

import com.onceteller.desk.client.Outbox;

/** An in-doubt transfer as the banner lists it, with what the last resolve attempt said. */
public record InDoubtRow(Outbox.OutboxEntry entry, String summary, String status) {}
