package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppPathsTest {

  private static final Path HOME = Path.of("/home/amelie");

  @Test
  void linuxUsesXdgDataHomeWhenSet() {
    AppPaths p = AppPaths.forPlatform("Linux", Map.of("XDG_DATA_HOME", "/data/xdg"), HOME);
    assertThat(p.dataDirectory()).isEqualTo(Path.of("/data/xdg/onceteller"));
  }

  @Test
  void linuxFallsBackToLocalShareWhenXdgDataHomeIsUnsetEmptyOrRelative() {
    Path expected = Path.of("/home/amelie/.local/share/onceteller");
    assertThat(AppPaths.forPlatform("Linux", Map.of(), HOME).dataDirectory()).isEqualTo(expected);
    assertThat(AppPaths.forPlatform("Linux", Map.of("XDG_DATA_HOME", ""), HOME).dataDirectory())
        .isEqualTo(expected);
    assertThat(
            AppPaths.forPlatform("Linux", Map.of("XDG_DATA_HOME", "relative/dir"), HOME)
                .dataDirectory())
        .isEqualTo(expected);
    assertThat(AppPaths.forPlatform("FreeBSD", Map.of(), HOME).dataDirectory()).isEqualTo(expected);
  }

  @Test
  void windowsUsesAppData() {
    // A Windows path cannot be expressed on this machine's file system; the rule is what counts.
    AppPaths p =
        AppPaths.forPlatform("Windows 11", Map.of("APPDATA", "/users/amelie/roaming"), HOME);
    assertThat(p.dataDirectory()).isEqualTo(Path.of("/users/amelie/roaming/OnceTeller"));
  }

  @Test
  void windowsWithoutAppDataUsesTheRoamingFolderInHome() {
    assertThat(AppPaths.forPlatform("Windows 10", Map.of(), HOME).dataDirectory())
        .isEqualTo(Path.of("/home/amelie/AppData/Roaming/OnceTeller"));
  }

  @Test
  void macOsUsesApplicationSupport() {
    assertThat(
            AppPaths.forPlatform("Mac OS X", Map.of("XDG_DATA_HOME", "/ignored"), HOME)
                .dataDirectory())
        .isEqualTo(Path.of("/home/amelie/Library/Application Support/OnceTeller"));
  }

  @Test
  void overrideVariableWinsOnEveryPlatform() {
    Map<String, String> env =
        Map.of(AppPaths.DATA_DIR_VARIABLE, "/srv/onceteller", "XDG_DATA_HOME", "/data/xdg");
    for (String os : new String[] {"Linux", "Windows 11", "Mac OS X"}) {
      assertThat(AppPaths.forPlatform(os, env, HOME).dataDirectory())
          .as(os)
          .isEqualTo(Path.of("/srv/onceteller"));
    }
  }

  @Test
  void filesLiveInsideTheDataDirectory() {
    AppPaths p = new AppPaths(Path.of("/d"));
    assertThat(p.demoDatabase()).isEqualTo(Path.of("/d/demo-ledger.mv.db"));
    assertThat(p.settingsFile()).isEqualTo(Path.of("/d/settings.properties"));
    assertThat(p.logFile()).isEqualTo(Path.of("/d/logs/onceteller.log"));
    assertThat(p.backupDirectory()).isEqualTo(Path.of("/d/backups"));
  }
}
