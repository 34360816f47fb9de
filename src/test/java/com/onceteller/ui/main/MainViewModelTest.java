package com.onceteller.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.app.AppPaths;
import com.onceteller.app.AppSettings;
import com.onceteller.ui.TaskRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demonstration-mode switch, driven without the toolkit, saved to the real settings file. */
class MainViewModelTest {

  @TempDir Path dataDir;

  private MainViewModel vm(boolean demoMode) {
    return new MainViewModel(
        "ledger.mv.db",
        demoMode,
        new MainViewModel.About("test", "ledger.mv.db", "log", MainViewModel.DURABILITY_PROMISE));
  }

  @Test
  void switchingDemoModeOffIsSavedForTheNextStartAndSaysSo() {
    AppPaths paths = new AppPaths(dataDir);
    Path ledger = paths.demoDatabase();
    MainViewModel vm =
        vm(true)
            .withDemoModeSetting(
                on -> AppSettings.load(paths).setDemoMode(ledger, on), TaskRunner.direct());

    vm.chooseDemoModeForNextStart(false);

    assertThat(AppSettings.load(paths).demoMode(ledger)).isFalse();
    assertThat(vm.demoAtNextStartProperty().get()).isFalse();
    assertThat(vm.settingMessageProperty().get()).contains("off from the next start");
    assertThat(vm.title()).contains("[DEMO]"); // the running app keeps the mode it started with
  }

  @Test
  void aSettingThatCannotBeSavedIsReportedAndTheSwitchGoesBack() {
    MainViewModel vm =
        vm(false)
            .withDemoModeSetting(
                on -> {
                  throw new java.io.IOException("disk full");
                },
                TaskRunner.direct());

    vm.chooseDemoModeForNextStart(true);

    assertThat(vm.demoAtNextStartProperty().get()).isFalse();
    assertThat(vm.settingMessageProperty().get())
        .contains("could not be saved")
        .contains("disk full");
  }

  @Test
  void withoutASettingTheSwitchIsNotOffered() {
    assertThat(vm(true).demoModeSwitchable()).isFalse();
  }
}
