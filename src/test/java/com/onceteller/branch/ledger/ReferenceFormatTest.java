package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReferenceFormatTest {

  @Test
  void referencesArePaddedToSixDigitsAndGrowBeyond() {
    assertThat(ReferenceCounter.format(0)).isEqualTo("T-000000");
    assertThat(ReferenceCounter.format(7)).isEqualTo("T-000007");
    assertThat(ReferenceCounter.format(123_456)).isEqualTo("T-123456");
    assertThat(ReferenceCounter.format(1_234_567)).isEqualTo("T-1234567");
    assertThat(ReferenceCounter.format(Long.MAX_VALUE)).isEqualTo("T-" + Long.MAX_VALUE);
  }

  @Test
  void everyFormattedReferenceReadsBackAsItsNumber() {
    for (long n : new long[] {1, 99, 100_000, 999_999, 1_000_000, 12_345_678_901L}) {
      assertThat(ReferenceCounter.number(ReferenceCounter.format(n))).hasValue(n);
    }
  }
}
