package com.onceteller.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the table (as Markdown, so it can be pasted into docs) and writes CSV and JSON. */
final class ReportWriter {

  private ReportWriter() {}

  static void print(BenchmarkMain.Report report, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"case", "operations", "ops/s", "p50 ms", "p99 ms", "max ms", "ratio"});
    for (CaseResult r : report.results()) {
      rows.add(
          new String[] {
            r.id() + " " + r.name(),
            r.measured() ? r.rounds() + " x " + r.opsPerRound() : "-",
            r.measured() ? rate(r.opsPerSecond()) : "-",
            r.measured() ? millis(r.p50Millis()) : "-",
            r.measured() ? millis(r.p99Millis()) : "-",
            r.measured() ? millis(r.maxMillis()) : "-",
            Double.isNaN(r.ratio())
                ? ""
                : String.format(
                    Locale.ROOT, r.ratio() < 0.1 ? "%.3f %s" : "%.2f %s", r.ratio(), r.ratioOf())
          });
    }
    out.println();
    markdown(rows, out);
    out.println();
    out.println("notes (each figure is the median over the rounds; ops/s counts timed ops only):");
    for (CaseResult r : report.results()) {
      if (!r.note().isEmpty()) {
        out.println("  " + r.id() + ": " + r.note());
      }
    }
    if (!report.breakdown().isEmpty()) {
      out.println();
      out.println("where a posting's time goes (median of the rounds' p50 per phase):");
      report.breakdown().forEach((k, v) -> out.printf("  %-40s %s%n", k, v));
    }
    out.println();
    List<String[]> targets = new ArrayList<>();
    targets.add(new String[] {"target (issue 5)", "goal", "measured", "verdict"});
    for (Target t : report.targets()) {
      targets.add(new String[] {t.name(), t.goal(), t.measured(), t.verdict()});
    }
    markdown(targets, out);
    out.println();
    out.println(
        "load:     "
            + report.machine().get("load start")
            + " at start, "
            + report.machine().get("load end")
            + " at end");
    if (report.failures().isEmpty()) {
      out.println("correctness: all checks passed (no key posted twice, ledgers balanced)");
    } else {
      out.println("CORRECTNESS FAILURES:");
      report.failures().forEach(f -> out.println("  " + f));
    }
  }

  private static void markdown(List<String[]> rows, PrintStream out) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder sb = new StringBuilder("|");
      for (int i = 0; i < width.length; i++) {
        String cell = rows.get(r)[i];
        boolean numeric = i > 0 && r > 0 && !cell.isEmpty() && Character.isDigit(cell.charAt(0));
        String pad = " ".repeat(width[i] - cell.length());
        sb.append(' ').append(numeric ? pad + cell : cell + pad).append(" |");
      }
      out.println(sb);
      if (r == 0) {
        StringBuilder sep = new StringBuilder("|");
        for (int w : width) {
          sep.append(' ').append("-".repeat(w)).append(" |");
        }
        out.println(sep);
      }
    }
  }

  static String rate(double opsPerSecond) {
    return Double.isNaN(opsPerSecond)
        ? "-"
        : String.format(Locale.ROOT, opsPerSecond < 100 ? "%.1f" : "%.0f", opsPerSecond);
  }

  static String millis(double ms) {
    return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, ms < 10 ? "%.3f" : "%.1f", ms);
  }

  static void write(BenchmarkMain.Report report, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("results.csv"), csv(report), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("results.json"), json(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String csv(BenchmarkMain.Report report) {
    StringBuilder sb =
        new StringBuilder(
            "case_id,case,rounds,ops_per_round,ops_per_s,p50_ms,p99_ms,max_ms,ratio,ratio_of,note\n");
    for (CaseResult r : report.results()) {
      sb.append(
              String.join(
                  ",",
                  csvField(r.id()),
                  csvField(r.name()),
                  Integer.toString(r.rounds()),
                  Integer.toString(r.opsPerRound()),
                  number(r.opsPerSecond()),
                  number(r.p50Millis()),
                  number(r.p99Millis()),
                  number(r.maxMillis()),
                  number(r.ratio()),
                  csvField(r.ratioOf()),
                  csvField(r.note())))
          .append('\n');
    }
    return sb.toString();
  }

  private static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String json(BenchmarkMain.Report report) {
    StringBuilder sb = new StringBuilder("{\n  \"machine\": {");
    appendMap(sb, report.machine());
    sb.append("},\n  \"results\": [");
    for (int i = 0; i < report.results().size(); i++) {
      CaseResult r = report.results().get(i);
      sb.append(i == 0 ? "\n" : ",\n")
          .append("    {\"case_id\": ")
          .append(str(r.id()))
          .append(", \"case\": ")
          .append(str(r.name()))
          .append(", \"rounds\": ")
          .append(r.rounds())
          .append(", \"ops_per_round\": ")
          .append(r.opsPerRound())
          .append(", \"ops_per_s\": ")
          .append(num(r.opsPerSecond()))
          .append(", \"p50_ms\": ")
          .append(num(r.p50Millis()))
          .append(", \"p99_ms\": ")
          .append(num(r.p99Millis()))
          .append(", \"max_ms\": ")
          .append(num(r.maxMillis()))
          .append(", \"ratio\": ")
          .append(num(r.ratio()))
          .append(", \"ratio_of\": ")
          .append(str(r.ratioOf()))
          .append(", \"note\": ")
          .append(str(r.note()))
          .append('}');
    }
    sb.append("\n  ],\n  \"targets\": [");
    for (int i = 0; i < report.targets().size(); i++) {
      Target t = report.targets().get(i);
      sb.append(i == 0 ? "\n" : ",\n")
          .append("    {\"target\": ")
          .append(str(t.name()))
          .append(", \"goal\": ")
          .append(str(t.goal()))
          .append(", \"measured\": ")
          .append(str(t.measured()))
          .append(", \"met\": ")
          .append(t.met() == null ? "null" : t.met().toString())
          .append('}');
    }
    sb.append("\n  ],\n  \"breakdown\": {");
    appendMap(sb, report.breakdown());
    sb.append("},\n  \"failures\": [");
    for (int i = 0; i < report.failures().size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(str(report.failures().get(i)));
    }
    sb.append("]\n}\n");
    return sb.toString();
  }

  private static void appendMap(StringBuilder sb, Map<String, String> map) {
    boolean first = true;
    for (Map.Entry<String, String> e : map.entrySet()) {
      sb.append(first ? "\n" : ",\n")
          .append("    ")
          .append(str(e.getKey()))
          .append(": ")
          .append(str(e.getValue()));
      first = false;
    }
    if (!map.isEmpty()) {
      sb.append("\n  ");
    }
  }

  private static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
