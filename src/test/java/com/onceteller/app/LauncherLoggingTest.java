package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The launcher's first step: Logback configured in code to a rolling file in the data folder. */
class LauncherLoggingTest {

  @TempDir Path dir;

  @AfterEach
  void restoreTestLogging() throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    new ContextInitializer(ctx).autoConfig();
  }

  @Test
  void logsGoToTheRollingFileInTheDataDirectoryIncludingJavaUtilLogging() throws Exception {
    AppPaths paths = new AppPaths(dir);

    Optional<Path> file = Logging.configure(paths.logFile());
    LoggerFactory.getLogger("com.onceteller.test").info("teller opened the drawer");
    java.util.logging.Logger.getLogger("javafx.test").warning("a JavaFX warning via JUL");
    LoggerFactory.getLogger("org.hibernate.test").info("hibernate chatter below WARN");

    assertThat(file).contains(paths.logFile());
    String text = Files.readString(paths.logFile(), StandardCharsets.UTF_8);
    assertThat(text).contains("teller opened the drawer").contains("a JavaFX warning via JUL");
    assertThat(text).doesNotContain("hibernate chatter");
  }

  @Test
  void aLogFolderThatCannotBeCreatedFallsBackToTheConsole() throws Exception {
    Path blocker = dir.resolve("not-a-folder");
    Files.writeString(blocker, "x");

    assertThat(Logging.configure(blocker.resolve("logs/onceteller.log"))).isEmpty();
  }
}
