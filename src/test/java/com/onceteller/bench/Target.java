package com.onceteller.bench;

/** A target from issue 5 next to the measured figure. {@code met} is null when not measured. */
record Target(String name, String goal, String measured, Boolean met) {

  static Target atMost(String name, double limit, double value) {
    return new Target(
        name,
        String.format("<= %.2f", limit),
        Double.isNaN(value) ? "n/a" : String.format(value < 0.1 ? "%.3f" : "%.2f", value),
        Double.isNaN(value) ? null : value <= limit);
  }

  static Target atLeast(String name, double limit, double value) {
    return new Target(
        name,
        String.format(">= %.2f", limit),
        Double.isNaN(value) ? "n/a" : String.format("%.2f", value),
        Double.isNaN(value) ? null : value >= limit);
  }

  String verdict() {
    return met == null ? "not measured" : met ? "met" : "MISSED";
  }
}
