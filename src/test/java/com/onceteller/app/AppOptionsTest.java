package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppOptionsTest {

  @Test
  void noArgumentsOpensTheDemoLedgerWithTheSavedDemoSetting() throws Exception {
    AppOptions o = AppOptions.parse();
    assertThat(o).isEqualTo(AppOptions.defaults());
    assertThat(o.database()).isEmpty();
    assertThat(o.demoMode()).isEmpty();
  }

  @Test
  void dbTakesThePathFromTheNextArgumentOrAfterEquals() throws Exception {
    assertThat(AppOptions.parse("--db", "/tmp/branch.mv.db").database())
        .contains(Path.of("/tmp/branch.mv.db"));
    assertThat(AppOptions.parse("--db=/tmp/other.mv.db").database())
        .contains(Path.of("/tmp/other.mv.db"));
  }

  @Test
  void demoAndNoDemoOverrideDemoModeForThisRun() throws Exception {
    assertThat(AppOptions.parse("--demo").demoMode()).contains(true);
    assertThat(AppOptions.parse("--no-demo", "--db", "x.mv.db").demoMode()).contains(false);
  }

  @Test
  void commandLineActionsAreRecognised() throws Exception {
    assertThat(AppOptions.parse("--self-check").selfCheck()).isTrue();
    assertThat(AppOptions.parse("--help").help()).isTrue();
    assertThat(AppOptions.parse("-h").help()).isTrue();
    assertThat(AppOptions.parse("--version").version()).isTrue();
    AppOptions reset = AppOptions.parse("--reset-demo", "--yes");
    assertThat(reset.resetDemo()).isTrue();
    assertThat(reset.assumeYes()).isTrue();
  }

  @Test
  void scenarioTakesItsNameAndHandsTheRestOnUnparsed() throws Exception {
    AppOptions o = AppOptions.parse("--db", "a.mv.db", "scenario", "lost-reply", "--seed", "42");
    assertThat(o.scenario()).contains("lost-reply");
    assertThat(o.scenarioArgs()).isEqualTo(List.of("--seed", "42"));
    assertThat(o.database()).contains(Path.of("a.mv.db"));
  }

  @Test
  void unknownOptionIsAUsageErrorNamingTheOption() {
    assertThatThrownBy(() -> AppOptions.parse("--frobnicate"))
        .isInstanceOf(AppOptions.UsageException.class)
        .hasMessageContaining("Unknown option '--frobnicate'")
        .hasMessageContaining("--help");
  }

  @Test
  void strayArgumentIsAUsageError() {
    assertThatThrownBy(() -> AppOptions.parse("ledger.mv.db"))
        .isInstanceOf(AppOptions.UsageException.class)
        .hasMessageContaining("Unexpected argument 'ledger.mv.db'");
  }

  @Test
  void badCombinationsAndMissingValuesAreUsageErrors() {
    assertThatThrownBy(() -> AppOptions.parse("--db"))
        .isInstanceOf(AppOptions.UsageException.class)
        .hasMessageContaining("--db needs a PATH");
    assertThatThrownBy(() -> AppOptions.parse("--db", "--demo"))
        .hasMessageContaining("--db needs a PATH");
    assertThatThrownBy(() -> AppOptions.parse("--db=")).hasMessageContaining("--db needs a PATH");
    assertThatThrownBy(() -> AppOptions.parse("--db", "a", "--db", "b"))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> AppOptions.parse("--demo", "--no-demo"))
        .hasMessageContaining("contradict");
    assertThatThrownBy(() -> AppOptions.parse("--self-check", "--reset-demo"))
        .hasMessageContaining("one at a time");
    assertThatThrownBy(() -> AppOptions.parse("--yes")).hasMessageContaining("--reset-demo");
    assertThatThrownBy(() -> AppOptions.parse("--self-check", "--db", "prod.mv.db"))
        .hasMessageContaining("temporary ledger");
    assertThatThrownBy(() -> AppOptions.parse("--version=2")).hasMessageContaining("no value");
    assertThatThrownBy(() -> AppOptions.parse("scenario"))
        .hasMessageContaining("needs a scenario NAME");
    assertThatThrownBy(() -> AppOptions.parse("scenario", "--db"))
        .hasMessageContaining("needs a scenario NAME");
  }
}
