package com.onceteller.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.ui.main.WindowPlacement.Rect;
import com.onceteller.ui.main.WindowPlacement.State;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowPlacementTest {

  private static final Rect SCREEN_1366 = new Rect(0, 0, 1366, 728); // a task bar below

  @Test
  void theFirstStartOpensMaximisedOnTheWholeUsableScreen() {
    State s = WindowPlacement.decide(SCREEN_1366, Optional.empty());
    assertThat(s.maximized()).isTrue();
    assertThat(s.bounds()).isEqualTo(SCREEN_1366);
    assertThat(s.divider()).isEqualTo(WindowPlacement.DEFAULT_DIVIDER);
  }

  @Test
  void aWindowLeftOnTheScreenOpensWhereItWasWithItsSplit() {
    State left = new State(new Rect(40, 30, 1100, 680), false, 0.35);
    assertThat(WindowPlacement.decide(SCREEN_1366, Optional.of(left))).isEqualTo(left);
  }

  @Test
  void aWindowLeftOnALargerScreenOrTooSmallIsMaximisedInstead() {
    State offScreen = new State(new Rect(200, 100, 1800, 1000), false, 0.4);
    assertThat(WindowPlacement.decide(SCREEN_1366, Optional.of(offScreen)).maximized()).isTrue();
    State tiny = new State(new Rect(0, 0, 500, 300), false, 0.4);
    assertThat(WindowPlacement.decide(SCREEN_1366, Optional.of(tiny)).bounds())
        .isEqualTo(SCREEN_1366);
  }

  @Test
  void aSplitThatWouldHideAColumnFallsBackToTheDefault() {
    State squeezed = new State(new Rect(0, 0, 1200, 700), true, 0.95);
    assertThat(WindowPlacement.decide(SCREEN_1366, Optional.of(squeezed)).divider())
        .isEqualTo(WindowPlacement.DEFAULT_DIVIDER);
  }

  @Test
  void theMinimumSizeNeverExceedsASmallScreen() {
    assertThat(WindowPlacement.minimumSize(new Rect(0, 0, 1024, 600))).containsExactly(960, 600);
  }

  @Test
  void theStateSurvivesTheSettingsFileAndGarbageIsIgnored() {
    State s = new State(new Rect(12, 34, 1280, 700), true, 0.417);
    assertThat(State.decode(s.encode())).contains(s);
    assertThat(State.decode("1,2,three,4,true,0.4")).isEmpty();
    assertThat(State.decode(null)).isEmpty();
  }
}
