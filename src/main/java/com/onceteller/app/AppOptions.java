package com.onceteller.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line, parsed. Pure: no file is touched and nothing is printed here; {@link Launcher}
 * acts on the result.
 *
 * <pre>
 * OnceTeller [--db PATH] [--demo | --no-demo]      open the window
 * OnceTeller --reset-demo [--yes] [--db PATH]      recreate the demo ledger (old file kept as backup)
 * OnceTeller --self-check                          one transfer + replay in a temporary ledger, no window
 * OnceTeller scenario NAME|all [--db PATH]         run scripted failure scenarios, headless
 * OnceTeller --help | --version
 * </pre>
 *
 * @param database the ledger chosen with {@code --db}, empty for the default demo ledger
 * @param demoMode {@code --demo} (true) or {@code --no-demo} (false) for this run; empty keeps the
 *     saved setting of the ledger
 * @param resetDemo {@code --reset-demo}
 * @param assumeYes {@code --yes}: do not ask for confirmation
 * @param selfCheck {@code --self-check}
 * @param help {@code --help} / {@code -h}
 * @param version {@code --version}
 * @param scenario the NAME of {@code scenario NAME}, empty otherwise
 * @param scenarioArgs what followed {@code scenario NAME}, handed on unparsed
 */
public record AppOptions(
    Optional<Path> database,
    Optional<Boolean> demoMode,
    boolean resetDemo,
    boolean assumeYes,
    boolean selfCheck,
    boolean help,
    boolean version,
    Optional<String> scenario,
    List<String> scenarioArgs) {

  public AppOptions {
    scenarioArgs = List.copyOf(scenarioArgs);
  }

  /** Usage text for {@code --help} and after a usage error. */
  public static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: OnceTeller [options]",
          "       OnceTeller scenario NAME|all [--db PATH]   (scripted failure scenarios, no window)",
          "",
          "Options:",
          "  --db PATH       open this ledger file (….mv.db) instead of the demo ledger",
          "  --demo          show the demonstration (fault injection) panel for this run",
          "  --no-demo       hide it for this run",
          "  --reset-demo    recreate the demo ledger; the old file is moved to backups/, never"
              + " deleted",
          "  --yes           with --reset-demo: do not ask for confirmation",
          "  --self-check    post one transfer and its replay in a temporary ledger, print the"
              + " result, exit (no window)",
          "  --help, -h      show this help",
          "  --version       show the version",
          "",
          "Exit codes: 0 success, 1 failure, 2 usage error.");

  /** A command line that cannot be understood; the message says what is wrong, for a person. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /** The options of a plain start: default ledger, saved demo setting. */
  public static AppOptions defaults() {
    return new AppOptions(
        Optional.empty(),
        Optional.empty(),
        false,
        false,
        false,
        false,
        false,
        Optional.empty(),
        List.of());
  }

  /**
   * Parses the command line.
   *
   * @throws UsageException for an unknown option, a missing or repeated value, or options that
   *     contradict each other
   */
  public static AppOptions parse(String... args) throws UsageException {
    Path database = null;
    Boolean demo = null;
    boolean resetDemo = false;
    boolean yes = false;
    boolean selfCheck = false;
    boolean help = false;
    boolean version = false;
    String scenario = null;
    List<String> scenarioArgs = new ArrayList<>();

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("scenario")) {
        if (i + 1 >= args.length
            || args[i + 1].isBlank()
            || (args[i + 1].startsWith("-") && !args[i + 1].equals("--help"))) {
          throw new UsageException("'scenario' needs a scenario NAME, e.g. 'scenario lost-reply'.");
        }
        scenario = args[i + 1];
        scenarioArgs.addAll(List.of(args).subList(i + 2, args.length));
        break;
      }
      String value = null;
      String name = arg;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--db" -> {
          if (value == null) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
              throw new UsageException(
                  "--db needs a PATH to a ledger file, e.g. --db ledger.mv.db");
            }
            value = args[++i];
          }
          if (value.isBlank()) {
            throw new UsageException("--db needs a PATH to a ledger file, e.g. --db ledger.mv.db");
          }
          if (database != null) {
            throw new UsageException("--db was given twice; give one ledger file.");
          }
          try {
            database = Path.of(value);
          } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("--db: '" + value + "' is not a valid path.");
          }
        }
        case "--demo", "--no-demo" -> {
          noValue(name, value);
          boolean on = name.equals("--demo");
          if (demo != null && demo != on) {
            throw new UsageException("--demo and --no-demo contradict each other; give one.");
          }
          demo = on;
        }
        case "--reset-demo" -> {
          noValue(name, value);
          resetDemo = true;
        }
        case "--yes", "-y" -> {
          noValue(name, value);
          yes = true;
        }
        case "--self-check" -> {
          noValue(name, value);
          selfCheck = true;
        }
        case "--help", "-h" -> {
          noValue(name, value);
          help = true;
        }
        case "--version" -> {
          noValue(name, value);
          version = true;
        }
        default -> {
          if (arg.startsWith("-")) {
            throw new UsageException(
                "Unknown option '" + arg + "'. Run with --help for the options.");
          }
          throw new UsageException(
              "Unexpected argument '" + arg + "'. Run with --help for the options.");
        }
      }
    }
    int actions = (resetDemo ? 1 : 0) + (selfCheck ? 1 : 0) + (scenario != null ? 1 : 0);
    if (actions > 1 && !help && !version) {
      throw new UsageException(
          "--reset-demo, --self-check and 'scenario' are separate commands; give one at a time.");
    }
    if (yes && !resetDemo && !help) {
      throw new UsageException("--yes only applies to --reset-demo.");
    }
    if (selfCheck && database != null) {
      throw new UsageException(
          "--self-check always uses a temporary ledger and never touches --db " + database + ".");
    }
    return new AppOptions(
        Optional.ofNullable(database),
        Optional.ofNullable(demo),
        resetDemo,
        yes,
        selfCheck,
        help,
        version,
        Optional.ofNullable(scenario),
        scenarioArgs);
  }

  private static void noValue(String name, String value) throws UsageException {
    if (value != null) {
      throw new UsageException(name + " takes no value.");
    }
  }
}
