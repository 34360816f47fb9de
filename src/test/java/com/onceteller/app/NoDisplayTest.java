package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class NoDisplayTest {

  private static Properties linux() {
    Properties p = new Properties();
    p.setProperty("os.name", "Linux");
    return p;
  }

  @Test
  void withoutADisplayTheWindowIsRefusedInOneLineThatSaysWhatIsNeeded() {
    assertThat(Launcher.missingDisplay(Map.of(), linux()))
        .hasValueSatisfying(m -> assertThat(m).contains("DISPLAY").doesNotContain("\n"));
  }

  @Test
  void anX11OrWaylandDisplayOrMonocleIsEnough() {
    assertThat(Launcher.missingDisplay(Map.of("DISPLAY", ":0"), linux())).isEmpty();
    assertThat(Launcher.missingDisplay(Map.of("WAYLAND_DISPLAY", "wayland-0"), linux())).isEmpty();
    Properties monocle = linux();
    monocle.setProperty("glass.platform", "Monocle");
    assertThat(Launcher.missingDisplay(Map.of(), monocle)).isEmpty();
    Properties windows = new Properties();
    windows.setProperty("os.name", "Windows 11");
    assertThat(Launcher.missingDisplay(Map.of(), windows)).isEmpty();
  }
}
