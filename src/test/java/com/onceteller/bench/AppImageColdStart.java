package com.onceteller.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cold start of the <b>app image</b> (issue 13): starts {@code <image>/bin/OnceTeller} as a user
 * would (the jpackage launcher, the jlinked runtime, the launcher's own Java options, a real X
 * display) with {@code ONCETELLER_STARTUP_PROBE=exit}, and times from just before the process is
 * started to the app's marks on standard output ({@code app.StartupProbe}): first frame,
 * interactive (sign-on field focused and accepting input) and ledger open. The app then closes
 * normally.
 *
 * <p>Cases: <i>first run</i> (a new empty data directory each run: the demo ledger is created) and
 * <i>later run</i> (one data directory, prepared by an untimed first run), each with the image's
 * application class-data archive ({@code lib/app/onceteller.jsa}) and without it (the file hidden
 * for those runs: the JVM falls back to the runtime's default archive, which also shows that a
 * missing archive never stops the app). Runs of the four cases are interleaved so that a change in
 * the machine's load hits all alike.
 *
 * <p>JDK only, so it runs from source without a build: {@code java
 * src/test/java/com/onceteller/bench/AppImageColdStart.java [--image DIR] [--runs N] [--out FILE]};
 * {@code installer/coldstart.sh} starts Xvfb when there is no display. Prints a table and writes
 * {@code target/bench/coldstart.json}.
 */
public final class AppImageColdStart {

  private static final String MARK = "ONCETELLER_STARTUP";
  private static final String[] MARKS = {"first-frame", "interactive", "ledger-open"};

  private AppImageColdStart() {}

  record Case(String name, Path image, boolean firstRun, boolean cds) {}

  public static void main(String[] args) throws Exception {
    Path image = Path.of("target/installer/image/OnceTeller");
    List<Path> others = new ArrayList<>();
    int runs = 5;
    Path out = Path.of("target/bench/coldstart.json");
    for (String a : args) {
      if (a.startsWith("--image=")) {
        image = Path.of(a.substring(8));
      } else if (a.startsWith("--compare=")) {
        // Further images (e.g. builds of earlier commits), interleaved with the main one.
        for (String o : a.substring(10).split(",")) {
          others.add(Path.of(o));
        }
      } else if (a.startsWith("--runs=")) {
        runs = Integer.parseInt(a.substring(7));
      } else if (a.startsWith("--out=")) {
        out = Path.of(a.substring(6));
      } else {
        System.err.println(
            "usage: AppImageColdStart [--image=DIR] [--compare=DIR,DIR] [--runs=N] [--out=FILE]");
        System.exit(2);
      }
    }
    Path launcher = image.resolve("bin/OnceTeller");
    Path archive = image.resolve("lib/app/onceteller.jsa");
    if (!Files.isExecutable(launcher)) {
      System.err.println("No app image at " + image + ": run installer/build.sh app-image first");
      System.exit(2);
    }
    boolean hasArchive = Files.exists(archive);
    List<Case> cases = new ArrayList<>();
    for (boolean cds : hasArchive ? new boolean[] {true, false} : new boolean[] {false}) {
      String c = cds ? "AppCDS" : "no AppCDS";
      cases.add(new Case("first run, " + c, image, true, cds));
      cases.add(new Case("later run, " + c, image, false, cds));
    }
    for (Path o : others) {
      String n = o.getFileName().toString();
      cases.add(new Case("first run, " + n, o, true, false));
      cases.add(new Case("later run, " + n, o, false, false));
    }
    String loadStart = loadAverage();
    System.out.printf(
        "Cold start of %s (%d runs per case; archive %s)%n  load at start: %s%n",
        image, runs, hasArchive ? "present" : "absent", loadStart);

    Path work = Files.createTempDirectory("coldstart");
    Path later = work.resolve("later");
    Files.createDirectories(later);
    Map<Case, Map<String, List<Double>>> results = new LinkedHashMap<>();
    try {
      run(launcher, later, true); // prepares the later runs' ledger (untimed)
      for (int i = 0; i < runs; i++) {
        for (int k = 0; k < cases.size(); k++) {
          Case c = cases.get(k);
          Path data = c.firstRun() ? work.resolve("first-" + i + "-" + k) : later;
          Files.createDirectories(data);
          Path bin = c.image().resolve("bin/OnceTeller");
          Map<String, Double> marks =
              c.image().equals(image)
                  ? withArchive(archive, c.cds(), () -> run(bin, data, false))
                  : run(bin, data, false);
          for (String m : MARKS) {
            results
                .computeIfAbsent(c, x -> new LinkedHashMap<>())
                .computeIfAbsent(m, x -> new ArrayList<>())
                .add(marks.getOrDefault(m, Double.NaN));
          }
          System.out.printf(
              Locale.ROOT,
              "  run %d %-26s first frame %6.0f ms, interactive %6.0f ms, ledger open %6.0f ms%n",
              i + 1,
              c.name(),
              marks.get("first-frame"),
              marks.get("interactive"),
              marks.get("ledger-open"));
        }
      }
    } finally {
      deleteTree(work);
    }
    String loadEnd = loadAverage();
    print(results, runs, loadStart, loadEnd);
    write(out, image, results, runs, loadStart, loadEnd);
    System.out.println("written: " + out);
  }

  interface Run {
    Map<String, Double> call() throws Exception;
  }

  /** Runs {@code r} with the archive present, or hidden when {@code cds} is false. */
  private static Map<String, Double> withArchive(Path archive, boolean cds, Run r)
      throws Exception {
    Path hidden = archive.resolveSibling(archive.getFileName() + ".hidden");
    if (!cds && Files.exists(archive)) {
      Files.move(archive, hidden);
    }
    try {
      return r.call();
    } finally {
      if (Files.exists(hidden)) {
        Files.move(hidden, archive);
      }
    }
  }

  /** One start: the wall time from just before the process starts to each mark, in ms. */
  private static Map<String, Double> run(Path launcher, Path data, boolean untimed)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString());
    pb.environment().put("ONCETELLER_DATA_DIR", data.toString());
    pb.environment().put("ONCETELLER_STARTUP_PROBE", "exit");
    pb.redirectErrorStream(true);
    Map<String, Double> marks = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Process p = pb.start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        double at = (System.nanoTime() - t0) / 1e6;
        if (line.startsWith(MARK + " ")) {
          String[] parts = line.split(" ");
          marks.putIfAbsent(parts[1], at);
        } else {
          output.append(line).append('\n');
        }
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("The app did not close within 120 s");
    }
    for (String m : MARKS) {
      if (!marks.containsKey(m)) {
        throw new IllegalStateException(
            "No mark " + m + " (exit " + p.exitValue() + "); the app said:\n" + output);
      }
    }
    return marks;
  }

  static double percentile(List<Double> values, double q) {
    List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void print(
      Map<Case, Map<String, List<Double>>> results, int runs, String loadStart, String loadEnd) {
    System.out.println();
    System.out.println(
        "| case                       | runs | first frame median / p90 / max ms | interactive median /"
            + " p90 / max ms | ledger open median / max ms |");
    System.out.println(
        "| -------------------------- | ---- | --------------------------------- |"
            + " --------------------------------- | --------------------------- |");
    for (var e : results.entrySet()) {
      Map<String, List<Double>> m = e.getValue();
      System.out.printf(
          Locale.ROOT,
          "| %-26s | %4d | %33s | %33s | %27s |%n",
          e.getKey().name(),
          runs,
          String.format(
              Locale.ROOT,
              "%.0f / %.0f / %.0f",
              median(m.get("first-frame")),
              percentile(m.get("first-frame"), 0.9),
              percentile(m.get("first-frame"), 1.0)),
          String.format(
              Locale.ROOT,
              "%.0f / %.0f / %.0f",
              median(m.get("interactive")),
              percentile(m.get("interactive"), 0.9),
              percentile(m.get("interactive"), 1.0)),
          String.format(
              Locale.ROOT,
              "%.0f / %.0f",
              median(m.get("ledger-open")),
              percentile(m.get("ledger-open"), 1.0)));
    }
    System.out.println("load: " + loadStart + " at start, " + loadEnd + " at end");
    System.out.println(
        "targets (issue 13): first frame <= 1000 ms, interactive <= 2500 ms (median)");
  }

  private static void write(
      Path out,
      Path image,
      Map<Case, Map<String, List<Double>>> results,
      int runs,
      String loadStart,
      String loadEnd)
      throws IOException {
    StringBuilder j = new StringBuilder();
    j.append("{\n  \"date\": \"").append(Instant.now()).append("\",\n");
    j.append("  \"image\": \"").append(image.toAbsolutePath()).append("\",\n");
    j.append("  \"loadAvg\": {\"start\": \"")
        .append(loadStart)
        .append("\", \"end\": \"")
        .append(loadEnd)
        .append("\"},\n  \"rows\": [\n");
    List<String> rows = new ArrayList<>();
    for (var e : results.entrySet()) {
      for (String m : MARKS) {
        List<Double> v = e.getValue().get(m);
        // The goals are the image as shipped, with its class-data archive; the runs without it
        // show what the archive buys and are kept as a comparison, not a target.
        boolean shipped = !e.getKey().name().contains("no AppCDS");
        double goal =
            !shipped ? -1 : m.equals("first-frame") ? 1000 : m.equals("interactive") ? 2500 : -1;
        double median = median(v);
        rows.add(
            String.format(
                Locale.ROOT,
                "    {\"case\": \"%s: %s\", \"runs\": %d, \"medianMs\": %.1f, \"p90Ms\": %.1f,"
                    + " \"maxMs\": %.1f, \"valuesMs\": %s, \"goalMs\": %s, \"met\": %s,"
                    + " \"loadAvg\": \"%s\"}",
                e.getKey().name(),
                m,
                runs,
                median,
                percentile(v, 0.9),
                percentile(v, 1.0),
                v.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList(),
                goal < 0 ? "null" : String.format(Locale.ROOT, "%.0f", goal),
                goal < 0 ? "null" : String.valueOf(median <= goal),
                loadStart + " / " + loadEnd));
      }
    }
    j.append(String.join(",\n", rows)).append("\n  ]\n}\n");
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Files.writeString(out, j.toString());
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0]
          + " "
          + f[1]
          + " "
          + f[2]
          + " (1/5/15 min) on "
          + Runtime.getRuntime().availableProcessors()
          + " cores";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
