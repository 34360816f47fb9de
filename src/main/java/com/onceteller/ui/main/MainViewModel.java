package com.onceteller.ui.main;

import com.onceteller.ui.TaskRunner;

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

  public static final String KEYBOARD_MAP =
      String.join(
          "\n",
          "Ctrl+N   New transfer (clears the form, mints a new key)",
          "Enter    Send the transfer (once; a second Enter does nothing)",
          "Alt+F / Alt+T / Alt+A / Alt+M   Jump to From / To / Amount / Memo",
          "Down     Into the account suggestions; Enter picks one",
          "Ctrl+R   Retry now (same key)",
          "Esc      Stop retrying (the transfer stays in doubt)",
          "Ctrl+1 / Ctrl+2 / Ctrl+3   Timeline / Accounts and journal / Demonstrations",
          "Ctrl+F   Search the journal",
          "Ctrl+E   Export the failure timeline as PNG",
          "Alt+Y    Copy the full idempotency key",
          "F1       This list",
          "Ctrl+Q   Quit");

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
    return "OnceTeller — " + databaseLabel + (demoMode ? "  [DEMO]" : "");
  }

  public String databaseLabel() {
    return (demoMode ? "Demonstration ledger: " : "Ledger: ") + databaseLabel;
  }

  public boolean demoMode() {
    return demoMode;
  }

  public About about() {
    return about;
  }

  public String aboutText() {
    return "OnceTeller "
        + about.version()
        + "\n\nDatabase: "
        + about.databasePath()
        + "\nLog file: "
        + about.logPath()
        + "\nMode: "
        + (demoMode ? "demonstration (fault injection available)" : "production")
        + "\n\nDurability: "
        + about.durabilityPromise();
  }
}
