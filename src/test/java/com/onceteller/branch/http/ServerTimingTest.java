package com.onceteller.branch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServerTimingTest {

  private static String millis(long nanos) {
    StringBuilder b = new StringBuilder();
    ServerTiming.appendMillis(b, nanos);
    return b.toString();
  }

  @Test
  void durationsAreMillisecondsWithThreeDecimals() {
    assertThat(millis(0)).isEqualTo("0.000");
    assertThat(millis(999)).isEqualTo("0.001");
    assertThat(millis(50_000)).isEqualTo("0.050");
    assertThat(millis(1_234_567)).isEqualTo("1.235");
    assertThat(millis(12_000_000_000L)).isEqualTo("12000.000");
  }

  @Test
  void durationsReadAsStringFormatWouldWriteThem() {
    long seed = 20261201L;
    System.out.println("ServerTimingTest seed " + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 100_000; i++) {
      long nanos = (long) (random.nextDouble() * 5_000_000_000L);
      if (nanos % 1_000 == 500) {
        continue; // an exact half: the double in String.format may round either way
      }
      assertThat(millis(nanos))
          .as("%d ns", nanos)
          .isEqualTo(String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0));
    }
  }
}
