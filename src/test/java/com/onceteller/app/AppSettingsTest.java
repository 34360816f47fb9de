package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSettingsTest {

  @TempDir Path dir;

  @Test
  void demoModeDefaultsToOnForTheDemoLedgerAndOffForAnyOther() {
    AppPaths paths = new AppPaths(dir);
    AppSettings settings = AppSettings.load(paths);
    assertThat(settings.demoMode(paths.demoDatabase())).isTrue();
    assertThat(settings.demoMode(dir.resolve("branch-42.mv.db"))).isFalse();
    assertThat(settings.savedDemoMode(paths.demoDatabase())).isEmpty();
    assertThat(Files.exists(paths.settingsFile())).as("reading writes nothing").isFalse();
  }

  @Test
  void demoModeChoiceSurvivesAReloadPerLedger() {
    AppPaths paths = new AppPaths(dir);
    Path production = dir.resolve("production.mv.db");
    AppSettings settings = AppSettings.load(paths);
    settings.setDemoMode(paths.demoDatabase(), false);
    settings.setDemoMode(production, true);

    AppSettings reloaded = AppSettings.load(paths);
    assertThat(reloaded.demoMode(paths.demoDatabase())).isFalse();
    assertThat(reloaded.demoMode(production)).isTrue();
    assertThat(reloaded.savedDemoMode(production)).contains(true);
    assertThat(reloaded.demoMode(dir.resolve("third.mv.db"))).isFalse();
    assertThat(dir.resolve("settings.properties.tmp")).doesNotExist();
  }

  @Test
  void theSameLedgerNamedTwoWaysSharesOneSetting() {
    AppPaths paths = new AppPaths(dir);
    AppSettings settings = AppSettings.load(paths);
    settings.setDemoMode(dir.resolve("sub/../ledger.mv.db"), true);
    assertThat(AppSettings.load(paths).demoMode(dir.resolve("ledger.mv.db"))).isTrue();
  }

  @Test
  void clearingAChoiceReturnsToTheDefault() {
    AppPaths paths = new AppPaths(dir);
    AppSettings settings = AppSettings.load(paths);
    settings.setDemoMode(paths.demoDatabase(), false);
    settings.clearDemoMode(paths.demoDatabase());
    assertThat(AppSettings.load(paths).demoMode(paths.demoDatabase())).isTrue();
  }

  @Test
  void aSettingsFolderThatDoesNotExistYetIsCreatedOnFirstSave() {
    AppPaths paths = new AppPaths(dir.resolve("new/data"));
    AppSettings.load(paths).setDemoMode(paths.demoDatabase(), false);
    assertThat(paths.settingsFile()).exists();
  }
}
