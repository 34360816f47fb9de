package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoldingTest {

  @Test
  void accentsCaseAndLettersWithoutADecompositionDoNotMatterWhenSearching() {
    assertThat(Folding.contains("Mehmet Yılmaz", "Yilmaz")).isTrue();
    assertThat(Folding.contains("Café Morgenrot GmbH", "cafe")).isTrue();
    assertThat(Folding.contains("Bäckerei Schulz OHG", "backerei")).isTrue();
    assertThat(Folding.contains("Straße", "STRASSE")).isTrue();
    assertThat(Folding.contains("Søren Ærø", "soren aero")).isTrue();
    assertThat(Folding.contains("Jonas Weber", "Yilmaz")).isFalse();
  }
}
