package com.onceteller.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

  /** The report as JSON (Jackson), for scripts: each target with its goal, figure and verdict. */
  static String json(BenchmarkMain.Report report) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ObjectNode machine = root.putObject("machine");
    report.machine().forEach(machine::put);
    ArrayNode results = root.putArray("results");
    for (CaseResult r : report.results()) {
      ObjectNode n = results.addObject();
      n.put("case_id", r.id());
      n.put("case", r.name());
      n.put("rounds", r.rounds());
      n.put("ops_per_round", r.opsPerRound());
      number(n, "ops_per_s", r.opsPerSecond());
      number(n, "p50_ms", r.p50Millis());
      number(n, "p99_ms", r.p99Millis());
      number(n, "max_ms", r.maxMillis());
      number(n, "ratio", r.ratio());
      n.put("ratio_of", r.ratioOf());
      n.put("note", r.note());
    }
    ArrayNode targets = root.putArray("targets");
    for (Target t : report.targets()) {
      ObjectNode n = targets.addObject();
      n.put("target", t.name());
      n.put("goal", t.goal());
      n.put("measured", t.measured());
      if (t.met() == null) {
        n.putNull("met");
      } else {
        n.put("met", t.met());
      }
      n.put("verdict", t.verdict());
    }
    ObjectNode breakdown = root.putObject("breakdown");
    report.breakdown().forEach(breakdown::put);
    ArrayNode failures = root.putArray("failures");
    report.failures().forEach(failures::add);
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void number(ObjectNode n, String field, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(field);
    } else {
      n.put(field, Math.round(v * 10_000) / 10_000.0);
    }
  }
}
