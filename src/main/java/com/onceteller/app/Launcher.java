package com.onceteller.app;

import com.onceteller.branch.ledger.DatabaseOpenException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point. Deliberately not a JavaFX {@code Application} subclass, so that a plain classpath
 * (and a jpackage launcher) can start it without module-path tricks.
 *
 * <p>Order at start-up: logging (rolling file in the data directory), then the command line, then
 * either a command-line action ({@code --help}, {@code --version}, {@code --self-check}, {@code
 * --reset-demo}, {@code scenario NAME}) that exits with its code, or the first-run set-up and the
 * window. Exit codes: 0 success, 1 failure, 2 usage error. No stack trace reaches the console; it
 * goes to the log file.
 */
public final class Launcher {

  private static final Logger log = LoggerFactory.getLogger(Launcher.class);

  /** Exit code of a bad command line. */
  public static final int USAGE_ERROR = 2;

  /** What {@link #prepare} decided. */
  public sealed interface Decision permits Exit, Launch {}

  /** A command-line action ran (or failed): exit the JVM with {@code code}. */
  public record Exit(int code) implements Decision {}

  /** Open the window with this configuration. */
  public record Launch(AppConfig config) implements Decision {}

  private Launcher() {}

  public static void main(String[] args) {
    StartupProbe.mainEntered = System.nanoTime();
    AppPaths paths = AppPaths.forCurrentUser();
    Path logFile = Logging.configure(paths.logFile()).orElse(paths.logFile());
    log.info(
        "OnceTeller {} starting, Java {}, data directory {}",
        AppVersion.current(),
        Runtime.version(),
        paths.dataDirectory());
    Decision decision = prepare(args, paths, logFile, System.in, System.out, System.err);
    if (decision instanceof Launch launch) {
      Optional<String> noDisplay = missingDisplay(System.getenv(), System.getProperties());
      if (noDisplay.isPresent()) {
        // One line instead of JavaFX's stack trace after its toolkit gave up.
        System.err.println("OnceTeller: " + noDisplay.get());
        log.info("Not started: {}", noDisplay.get());
        System.exit(1);
      }
      log.info(
          "Opening {} (demo mode {})",
          launch.config().databaseFile(),
          launch.config().demoMode() ? "on" : "off");
      OnceTellerApp.launchWith(launch.config(), args);
    } else if (decision instanceof Exit exit) {
      System.exit(exit.code());
    }
  }

  /**
   * Why the window cannot open on this machine, if it cannot: on Linux JavaFX needs an X11 or
   * Wayland display (headless test runs use Monocle, which needs none).
   */
  static Optional<String> missingDisplay(
      java.util.Map<String, String> env, java.util.Properties props) {
    boolean linux =
        props.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    boolean monocle = "Monocle".equalsIgnoreCase(props.getProperty("glass.platform", ""));
    boolean display =
        !env.getOrDefault("DISPLAY", "").isBlank()
            || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
    if (!linux || monocle || display) {
      return Optional.empty();
    }
    return Optional.of(
        "no graphical display (DISPLAY and WAYLAND_DISPLAY are not set): the window needs one."
            + " Without a display, run a demonstration as text: mvn -q compile exec:java"
            + " -Dexec.args=\"scenario all\"");
  }

  /**
   * Everything {@link #main} does before the window, without exiting the JVM or starting JavaFX.
   *
   * @param in where the {@code --reset-demo} confirmation is read from
   * @param out command-line output (help, version, self-check report, reset prompt)
   * @param err usage errors and failures, one readable line each
   */
  public static Decision prepare(
      String[] args,
      AppPaths paths,
      Path logFile,
      InputStream in,
      PrintStream out,
      PrintStream err) {
    if (args.length > 0 && args[0].equals("proxy")) {
      // The fault proxy for demonstrations against a branch server.
      return new Exit(ProxyCli.run(List.of(args).subList(1, args.length), out, err));
    }
    if (args.length > 0 && args[0].equals("serve")) {
      // The branch server (docs/branch-server.md): its own options, no window, runs until stopped.
      try {
        return new Exit(ServeCli.run(List.of(args).subList(1, args.length), out, err));
      } catch (RuntimeException e) {
        log.error("The branch server failed", e);
        err.println("OnceTeller: " + e.getMessage());
        return new Exit(1);
      }
    }
    DeskServerOptions server;
    try {
      server = DeskServerOptions.extract(args);
      args = server.rest();
    } catch (AppOptions.UsageException e) {
      err.println("OnceTeller: " + e.getMessage());
      return new Exit(USAGE_ERROR);
    }
    AppOptions options;
    try {
      options = AppOptions.parse(args);
    } catch (AppOptions.UsageException e) {
      log.info("Usage error: {}", e.getMessage());
      err.println("OnceTeller: " + e.getMessage());
      return new Exit(USAGE_ERROR);
    }
    try {
      Decision decision = act(options, paths, logFile, in, out, err);
      if (decision instanceof Launch launch) {
        // --server (or the server.* settings): this desk posts through the branch server.
        AppContext.ServerSettings branch = server.resolve(AppSettings.load(paths), paths);
        if (branch != null) {
          AppConfig c = launch.config();
          return new Launch(
              new AppConfig(c.databaseFile(), false, c.dataDirectory(), c.logFile(), branch));
        }
      }
      return decision;
    } catch (RuntimeException e) {
      log.error("Start-up failed", e);
      err.println("OnceTeller: " + e.getMessage());
      err.println("Details are in the log file " + logFile);
      return new Exit(1);
    }
  }

  private static Decision act(
      AppOptions options,
      AppPaths paths,
      Path logFile,
      InputStream in,
      PrintStream out,
      PrintStream err) {
    if (options.help()) {
      out.println(AppOptions.USAGE);
      out.println();
      out.println("A desk of a branch server (docs/branch-server.md):");
      out.println(DeskServerOptions.USAGE);
      out.println("The branch server itself: OnceTeller serve --help");
      out.println("Its fault proxy for demonstrations: OnceTeller proxy --help");
      return new Exit(0);
    }
    if (options.version()) {
      out.println("OnceTeller " + AppVersion.current());
      return new Exit(0);
    }
    if (options.selfCheck()) {
      return new Exit(SelfCheck.run(out));
    }
    if (options.scenario().isPresent()) {
      List<String> scenarioArgs = new java.util.ArrayList<>(options.scenarioArgs());
      // "--db PATH scenario NAME" means the same as "scenario NAME --db PATH".
      options
          .database()
          .ifPresent(
              db -> {
                scenarioArgs.add("--db");
                scenarioArgs.add(db.toString());
              });
      return new Exit(runScenario(options.scenario().get(), scenarioArgs, out));
    }

    Optional<Path> database = options.database().map(Launcher::ledgerFile);
    Path ledger = database.orElse(paths.demoDatabase());
    if (database.isPresent()) {
      Optional<String> problem = checkChosenLedger(ledger);
      if (problem.isPresent()) {
        err.println("OnceTeller: " + problem.get());
        return new Exit(USAGE_ERROR);
      }
    }
    AppSettings settings = AppSettings.load(paths);

    if (options.resetDemo()) {
      return new Exit(resetDemo(ledger, paths, settings, options.assumeYes(), in, out, err));
    }

    if (settings.isDemoDatabase(ledger)) {
      // First run: the window creates the demo ledger as it opens it (AppContext.open installs
      // the demo data into a new file), in the background while the sign-on screen shows. Only
      // its folder is made here. (Creating it here cost a second open: issue 13.)
      try {
        Files.createDirectories(ledger.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the folder of " + ledger, e);
      }
    }
    boolean demoMode = options.demoMode().orElseGet(() -> settings.demoMode(ledger));
    return new Launch(new AppConfig(ledger, demoMode, paths.dataDirectory(), logFile));
  }

  /**
   * {@code scenario NAME|all [--db PATH]}: scripted failure scenarios, headless. Prints each
   * timeline and the balances; exit 1 if money moved more than once (see {@link ScenarioCli}).
   */
  static int runScenario(String name, List<String> args, PrintStream out) {
    List<String> all = new java.util.ArrayList<>();
    all.add(name);
    all.addAll(args);
    return ScenarioCli.run(all, out);
  }

  /** The {@code ….mv.db} file of a {@code --db} argument, absolute; ".mv.db" added if missing. */
  static Path ledgerFile(Path given) {
    Path abs = given.toAbsolutePath().normalize();
    String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
    return name.endsWith(".mv.db") ? abs : abs.resolveSibling(name + ".mv.db");
  }

  private static Optional<String> checkChosenLedger(Path ledger) {
    if (Files.isDirectory(ledger)) {
      return Optional.of("--db " + ledger + " is a folder; give a ledger file (….mv.db).");
    }
    Path folder = ledger.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      return Optional.of("--db " + ledger + ": the folder " + folder + " does not exist.");
    }
    return Optional.empty();
  }

  private static int resetDemo(
      Path ledger,
      AppPaths paths,
      AppSettings settings,
      boolean assumeYes,
      InputStream in,
      PrintStream out,
      PrintStream err) {
    if (!settings.isDemoDatabase(ledger) && !settings.demoMode(ledger)) {
      err.println(
          "OnceTeller: "
              + ledger
              + " is not a demo ledger (demo mode is off for it), so --reset-demo leaves it alone.");
      return 1;
    }
    if (!Files.exists(ledger)) {
      DemoDatabase.ensureExists(ledger);
      out.println("There was no ledger yet; created the demo ledger " + ledger);
      return 0;
    }
    out.println("--reset-demo replaces the ledger " + ledger);
    out.println("with a new one holding only the demo accounts. The old file is not deleted:");
    out.println("it is moved to " + paths.backupDirectory() + ".");
    if (!assumeYes) {
      out.print("Type RESET to confirm: ");
      out.flush();
      String answer = readLine(in);
      out.println();
      if (!"RESET".equals(answer == null ? null : answer.trim())) {
        out.println("Not confirmed; nothing was changed.");
        return 1;
      }
    }
    try {
      Optional<Path> backup =
          DemoDatabase.reset(ledger, paths.backupDirectory(), Clock.systemDefaultZone());
      backup.ifPresent(b -> out.println("Old ledger kept as " + b));
      out.println("New demo ledger: " + ledger);
      log.info(
          "Demo ledger reset: {} (backup {})", ledger, backup.map(Path::toString).orElse("none"));
      return 0;
    } catch (DatabaseOpenException e) {
      err.println(
          "OnceTeller: " + e.getMessage() + " Close OnceTeller first; nothing was changed.");
      return 1;
    }
  }

  private static String readLine(InputStream in) {
    try {
      return new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())).readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the confirmation", e);
    }
  }
}
