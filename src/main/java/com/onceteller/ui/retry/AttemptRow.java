package com.onceteller.ui.retry;

/** One attempt as the retry panel lists it. */
public record AttemptRow(int number, String started, String outcome, String duration) {}
