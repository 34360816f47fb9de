package com.onceteller.ui.main;

import com.onceteller.ui.TaskRunner;
import java.util.List;

/**
 * The window's own state: title (with the open database), whether this is a demonstration database,
 * and what the About dialog says.
 */
public final class MainViewModel {

  /** What the About dialog shows. */
  public record About(
      String version, String databasePath, String logPath, String durabilityPromise) {}

  public static final String DURABILITY_PROMISE =
      "A transfer shown as Posted has been committed and forced to disk (fsync) before the answer"
          + " was shown: it survives a crash of the app and a power cut. A transfer whose answer"
          + " never arrived stays in the in-doubt list until it is resolved with the same key or"
          + " abandoned explicitly.";

  /** One line of the keyboard map: the keys and what they do. */
  public record Shortcut(String keys, String action) {}

  /** Every shortcut of the window, as F1 lists them and docs/ui.md documents them. */
  public static final List<Shortcut> SHORTCUTS =
      List.of(
          new Shortcut("Ctrl+N", "New transfer: clears the form and mints a new key"),
          new Shortcut("Enter", "Send the transfer (once; a second Enter sends nothing)"),
          new Shortcut("Alt+F", "Jump to From"),
          new Shortcut("Alt+T", "Jump to To"),
          new Shortcut("Alt+A", "Jump to Amount"),
          new Shortcut("Alt+M", "Jump to Memo"),
          new Shortcut("Down, then Enter", "Into the account suggestions; pick one"),
          new Shortcut("Alt+Y", "Copy the full idempotency key"),
          new Shortcut("Ctrl+R", "Retry now (same key)"),
          new Shortcut("Esc", "Stop retrying (the transfer stays in doubt)"),
          new Shortcut("Ctrl+1", "Show the failure timeline"),
          new Shortcut("Ctrl+2", "Show accounts and journal"),
          new Shortcut("Ctrl+3", "Show demonstrations (demo mode)"),
          new Shortcut("Ctrl+F", "Search the journal"),
          new Shortcut("Ctrl+E", "Export the failure timeline as PNG"),
          new Shortcut("F5", "Demonstration: play or pause the scenario"),
          new Shortcut("F6", "Demonstration: do the next step"),
          new Shortcut("Alt+R / Alt+V / Alt+H", "Open the Transfer / View / Help menu"),
          new Shortcut("F1", "This list"),
          new Shortcut("Ctrl+Q", "Quit"));

  private final String databaseLabel;
  private final boolean demoMode;
  private final About about;
  private DemoModeSetting setting;
  private TaskRunner tasks;
  private final javafx.beans.property.BooleanProperty demoAtNextStart =
      new javafx.beans.property.SimpleBooleanProperty();
  private final javafx.beans.property.StringProperty settingMessage =
      new javafx.beans.property.SimpleStringProperty("");

  public MainViewModel(String databaseLabel, boolean demoMode, About about) {
    this.databaseLabel = databaseLabel;
    this.demoMode = demoMode;
    this.about = about;
    this.demoAtNextStart.set(demoMode);
  }

  /** Lets the teller switch demonstration mode (saved for the next start). */
  public MainViewModel withDemoModeSetting(DemoModeSetting setting, TaskRunner tasks) {
    this.setting = setting;
    this.tasks = tasks;
    return this;
  }

  public boolean demoModeSwitchable() {
    return setting != null;
  }

  /** The choice saved for the next start; the running app keeps the mode it started with. */
  public javafx.beans.property.BooleanProperty demoAtNextStartProperty() {
    return demoAtNextStart;
  }

  /** What happened to the last change of the setting, for the status line. */
  public javafx.beans.property.StringProperty settingMessageProperty() {
    return settingMessage;
  }

  /** Saves the choice off the UI thread and says when it applies. */
  public void chooseDemoModeForNextStart(boolean on) {
    if (setting == null) {
      return;
    }
    demoAtNextStart.set(on);
    tasks.run(
        () -> {
          setting.saveForNextStart(on);
          return on;
        },
        saved ->
            settingMessage.set(
                saved == demoMode
                    ? "Demonstration mode stays " + (saved ? "on." : "off.")
                    : "Demonstration mode will be "
                        + (saved ? "on" : "off")
                        + " from the next start of OnceTeller."),
        e -> {
          demoAtNextStart.set(!on);
          settingMessage.set("The setting could not be saved: " + e.getMessage());
        });
  }

  public String title() {
    return "OnceTeller — " + fileName() + (demoMode ? "  [DEMO]" : "");
  }

  /** The header names the ledger file; the full path is in its tooltip and in About. */
  public String databaseLabel() {
    return (demoMode ? "Demonstration ledger: " : "Ledger: ") + fileName();
  }

  /** The open ledger as it was given (the full path). */
  public String databasePath() {
    return databaseLabel;
  }

  private String fileName() {
    try {
      java.nio.file.Path p = java.nio.file.Path.of(databaseLabel).getFileName();
      return p == null ? databaseLabel : p.toString();
    } catch (java.nio.file.InvalidPathException e) {
      return databaseLabel;
    }
  }

  public boolean demoMode() {
    return demoMode;
  }

  public About about() {
    return about;
  }

  /** The About dialog, line by line: label and value. */
  public List<Shortcut> aboutRows() {
    return List.of(
        new Shortcut("Version", about.version()),
        new Shortcut("Database", about.databasePath()),
        new Shortcut("Log file", about.logPath()),
        new Shortcut("Mode", demoMode ? "demonstration (fault injection available)" : "production"),
        new Shortcut("Durability", about.durabilityPromise()));
  }
}
