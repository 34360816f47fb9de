package com.onceteller.ui.accounts;

/**
 * One line of the day's journal: a posted transfer, or a submission that did not post.
 *
 * @param from the paying account's holder (the number is {@code fromNumber})
 * @param to the receiving account's holder (the number is {@code toNumber})
 */
public record JournalRow(
    String reference,
    String key,
    String keyFull,
    String time,
    String from,
    String fromNumber,
    String to,
    String toNumber,
    String amount,
    String status,
    int attempts,
    int replays) {}
