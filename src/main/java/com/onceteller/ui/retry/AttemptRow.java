package com.onceteller.ui.retry;

import com.onceteller.desk.client.AttemptKind;

/**
 * One attempt as the retry panel lists it.
 *
 * @param number "1", "2", … for the form's own attempts; a scenario's extra send says what it is
 *     ("1 · 2nd click")
 * @param what a few words (the row); {@code inFull} says it in sentences (the tooltip)
 * @param kind what it came to (styles the row)
 */
public record AttemptRow(
    String number, String started, String what, String inFull, String took, AttemptKind kind) {}
