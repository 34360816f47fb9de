package com.onceteller.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures Logback in code, first thing at start-up: a rolling log file in the data directory
 * (daily and at 10 MB, 14 days and 100 MB kept, older files gzipped) plus warnings and errors on
 * the console. java.util.logging (used by JavaFX) is routed into the same file.
 */
public final class Logging {

  static final String PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
  static final String CONSOLE_PATTERN = "%-5level %logger{24} - %msg%n%nopex";

  private Logging() {}

  /**
   * Replaces the logback.xml configuration with the rolling file {@code logFile} and a console for
   * warnings.
   *
   * @return the log file, or empty when its folder cannot be created (then logs go to the console
   *     only, and that is logged as a warning)
   */
  public static Optional<Path> configure(Path logFile) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    LevelChangePropagator julLevels = new LevelChangePropagator();
    julLevels.setContext(ctx);
    julLevels.setResetJUL(true);
    julLevels.start();
    ctx.addListener(julLevels);

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setName("CONSOLE");
    console.setTarget("System.err");
    console.setEncoder(encoder(ctx, CONSOLE_PATTERN));
    ThresholdFilter warn = new ThresholdFilter();
    warn.setLevel("WARN");
    warn.setContext(ctx);
    warn.start();
    console.addFilter(warn);
    console.start();

    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    ctx.getLogger("org.hibernate").setLevel(Level.WARN);
    ctx.getLogger("org.hibernate.orm.deprecation").setLevel(Level.ERROR);
    ctx.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    ctx.getLogger("org.flywaydb").setLevel(Level.WARN);

    routeJavaUtilLogging();

    Path file = logFile.toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      LoggerFactory.getLogger(Logging.class)
          .warn(
              "Cannot create the log folder {}, logging to the console only: {}",
              file,
              e.toString());
      return Optional.empty();
    }

    RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
    rolling.setContext(ctx);
    rolling.setName("FILE");
    rolling.setFile(file.toString());
    rolling.setAppend(true);

    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(ctx);
    policy.setParent(rolling);
    String name = file.getFileName().toString();
    String base = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
    policy.setFileNamePattern(file.resolveSibling(base + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
    policy.setMaxFileSize(FileSize.valueOf("10MB"));
    policy.setMaxHistory(14);
    policy.setTotalSizeCap(FileSize.valueOf("100MB"));
    policy.start();

    rolling.setRollingPolicy(policy);
    rolling.setEncoder(encoder(ctx, PATTERN));
    rolling.start();
    if (!rolling.isStarted()) {
      LoggerFactory.getLogger(Logging.class)
          .warn("Cannot open the log file {}, logging to the console only", file);
      return Optional.empty();
    }
    root.addAppender(rolling);
    return Optional.of(file);
  }

  private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }

  private static void routeJavaUtilLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
