package com.onceteller.ui.accounts;

/** One line of the day's journal: a posted transfer, or a submission that did not post. */
public record JournalRow(
    String reference,
    String key,
    String keyFull,
    String time,
    String from,
    String to,
    String amount,
    String status,
    int attempts,
    int replays) {}
