package com.onceteller.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine the figures were taken on, printed above the table. */
final class MachineInfo {

  private MachineInfo() {}

  static Map<String, String> collect(BenchmarkMain.Options o) {
    Runtime rt = Runtime.getRuntime();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    m.put("cpu", cpuModel() + ", " + rt.availableProcessors() + " cores visible to the JVM");
    m.put(
        "jdk",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + ", max heap "
            + (rt.maxMemory() >> 20)
            + " MB");
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put("libs", "H2 " + h2Version() + ", Hibernate " + org.hibernate.Version.getVersionString());
    m.put("work dir", o.work().toAbsolutePath().toString());
    m.put(
        "size",
        o.size().label()
            + " ("
            + o.size().rounds()
            + " rounds, warm-up "
            + o.size().warmupOps()
            + " ops), seed "
            + o.seed());
    m.put("load start", loadAverage());
    return m;
  }

  /** 1-minute load average and the number of cores, e.g. "1.52 on 2 cores". */
  static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    String text = load < 0 ? "n/a" : String.format("%.2f", load);
    try {
      String all = Files.readString(Path.of("/proc/loadavg")).strip();
      String[] f = all.split("\\s+");
      text = f[0] + " " + f[1] + " " + f[2] + " (1/5/15 min)";
    } catch (IOException | RuntimeException e) {
      // not Linux: keep the MXBean figure
    }
    return text + " on " + Runtime.getRuntime().availableProcessors() + " cores";
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String h2Version() {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:version")) {
      return c.getMetaData().getDatabaseProductVersion();
    } catch (SQLException e) {
      return "?";
    }
  }
}
